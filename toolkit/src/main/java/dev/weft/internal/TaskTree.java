package dev.weft.internal;

import dev.weft.Task;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A snapshot of the live scopes and tasks, for people: names, states and what each task waits
 * on (asyncio's {@code python -m asyncio pstree}, Kotlin's {@code DebugProbes.dumpCoroutines()}).
 * "Waiting on" is read from the task's stack when the dump is taken, so it costs nothing before.
 * The registry holds a tree's root (a {@code Weft.run}'s task, or the outermost scope on a thread
 * outside Weft); the walk reaches every scope nested inside from the frame's innermost scope.
 */
public final class TaskTree {
    private TaskTree() {
    }

    /** Every live task, in tree order. */
    public static List<Task<?>> liveTasks() {
        List<Task<?>> out = new ArrayList<>();
        for (Object root : Registry.roots()) {
            if (root instanceof TaskImpl<?> t) {
                collect(t, out);
            } else if (root instanceof ScopeImpl s) {
                collectFrame(innermostOnThread(s), out);
            }
        }
        return out;
    }

    private static void collect(TaskImpl<?> t, List<Task<?>> out) {
        if (!t.isDone()) {
            out.add(t);
        }
        ScopeImpl s = t.innermostScope;
        if (s != null) {
            collectFrame(s, out);
        }
    }

    private static void collectFrame(ScopeImpl innermost, List<Task<?>> out) {
        for (ScopeImpl s : outermostFirst(innermost)) {
            for (TaskImpl<?> c : s.children()) {
                collect(c, out);
            }
        }
    }

    /** The tree as text, one line per scope or task, indented by depth. */
    public static String dump() {
        StringBuilder b = new StringBuilder();
        Object[] roots = Registry.roots();
        if (roots.length == 0) {
            return "no live Weft tasks\n";
        }
        for (Object root : roots) {
            if (root instanceof TaskImpl<?> t) {
                task(b, t, 0);
            } else if (root instanceof ScopeImpl s) {
                b.append("thread ").append(s.owner().thread.getName()).append('\n');
                scopes(b, innermostOnThread(s), 1);
            }
        }
        return b.toString();
    }

    private static void task(StringBuilder b, TaskImpl<?> t, int depth) {
        indent(b, depth).append("task ").append(t.name()).append(" [").append(t.state());
        String waiting = waitingOn(t);
        if (waiting != null) {
            b.append(", ").append(waiting);
        }
        b.append("]\n");
        ScopeImpl s = t.innermostScope;
        if (s != null) {
            scopes(b, s, depth + 1);
        }
    }

    private static void scopes(StringBuilder b, ScopeImpl innermost, int depth) {
        int d = depth;
        for (ScopeImpl s : outermostFirst(innermost)) {
            List<TaskImpl<?>> children = s.children();
            indent(b, d).append(s).append(" (").append(children.size()).append(" live)\n");
            for (TaskImpl<?> c : children) {
                task(b, c, d + 1);
            }
            d++;
        }
    }

    /**
     * The innermost scope open now on the thread of {@code outermost}, a scope registered as the root
     * of a thread outside Weft. Only the outermost one is registered (a nested group costs the
     * registry nothing), and the walk goes from the innermost outwards, so it starts from the frame's
     * current scope: a group nested inside another on a plain thread (an HTTP handler's) is found.
     * The frame's scope is {@code null} or another chain once that thread has closed {@code outermost}.
     */
    private static ScopeImpl innermostOnThread(ScopeImpl outermost) {
        ScopeImpl inner = outermost.owner().innermostScope;
        for (ScopeImpl s = inner; s != null; s = s.outerOnFrame()) {
            if (s == outermost) {
                return inner;
            }
        }
        return outermost;
    }

    private static Deque<ScopeImpl> outermostFirst(ScopeImpl innermost) {
        Deque<ScopeImpl> chain = new ArrayDeque<>();
        for (ScopeImpl s = innermost; s != null; s = s.outerOnFrame()) {
            chain.push(s);
        }
        return chain;
    }

    /**
     * What the task is doing, read from its stack: {@code waiting in Weft.sleep} (the outermost Weft
     * call on top of the stack, such as {@code Weft.sleep} or {@code Task.join}); {@code blocked in
     * java.net.Socket$SocketInputStream.read, called from Backend.fetch(Backend.java:42)} when the
     * task's own code (or a library's, a JDBC driver's) sits in a JDK call such as a socket read; or
     * {@code running Foo.bar(Foo.java:12)} when its own code is on top (computing). Never the
     * {@code Task.run} at the bottom of every task.
     */
    private static String waitingOn(TaskImpl<?> t) {
        Thread thread = t.thread;
        if (thread == null || t.isDone()) {
            return null;
        }
        StackTraceElement[] stack = thread.getStackTrace();
        int first = 0; // the first frame that is not the JDK's
        while (first < stack.length && isJdk(stack[first].getClassName())) {
            first++;
        }
        if (first == stack.length) {
            return null;
        }
        if (!isWeft(stack[first].getClassName())) {
            String at = stack[first].toString();
            return first == 0 ? "running " + at
                    : "blocked in " + stack[first - 1].getClassName() + "." + stack[first - 1].getMethodName() + ", called from " + at;
        }
        String found = null;
        for (StackTraceElement e : stack) {
            if (isWeft(e.getClassName())) {
                String c = e.getClassName();
                String simple = c.substring(c.lastIndexOf('.') + 1);
                int nested = simple.indexOf('$');
                if (nested >= 0) {
                    simple = simple.substring(0, nested);
                }
                if (simple.endsWith("Impl")) {
                    simple = simple.substring(0, simple.length() - 4); // TaskImpl.join is Task.join to the user
                }
                found = simple + "." + e.getMethodName();
            } else if (found != null && !e.getClassName().startsWith("java.")) {
                return "waiting in " + found;
            }
        }
        return found == null ? null : "waiting in " + found;
    }

    /** Whether {@code className} is the JDK's own (a blocking call's innards, the virtual thread's parking). */
    private static boolean isJdk(String className) {
        return className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun.")
                || className.startsWith("javax.") || className.startsWith("com.sun.");
    }

    private static final java.security.CodeSource WEFT_CODE = Frame.class.getProtectionDomain().getCodeSource();

    /** Whether {@code className} is one of the toolkit's own classes (not a user's class in a dev.weft package). */
    private static boolean isWeft(String className) {
        if (!className.startsWith("dev.weft.") || className.contains("$$Lambda")) {
            return false;
        }
        try {
            Class<?> c = Class.forName(className, false, Frame.class.getClassLoader());
            java.security.CodeSource cs = c.getProtectionDomain().getCodeSource();
            return WEFT_CODE == null ? cs == null : WEFT_CODE.equals(cs);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static StringBuilder indent(StringBuilder b, int depth) {
        return b.repeat("  ", depth);
    }

}
