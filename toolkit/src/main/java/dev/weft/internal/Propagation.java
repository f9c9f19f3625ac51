package dev.weft.internal;

import dev.weft.ContextAccessor;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.spi.MDCAdapter;

/**
 * Thread-local contexts that ride along with a spawn: SLF4J's MDC always, and the values of the
 * registered {@link ContextAccessor}s. A {@link Snapshot} is taken on the spawner's thread (with the
 * task's {@link Contexts.Bindings}, once per spawn or per {@code spawnAll} batch) and entered on the
 * child's thread around its body.
 *
 * <p>Implementation notes. Nothing is allocated when there is nothing to carry: no MDC entry and no
 * accessor value gives a {@code null} snapshot, and a child with a {@code null} snapshot touches no
 * thread-local. The MDC is read without a copy where the adapter allows it (Logback's
 * {@code getPropertyMap()}), and copied only when it has entries: {@code getCopyOfContextMap()}
 * allocates an empty map for a thread whose MDC was used and emptied again. The registry is a
 * copy-on-write array; a snapshot keeps the array it was taken with, so a registration racing with
 * a spawn is either wholly in the snapshot or not at all.
 */
public final class Propagation {
    private static final Logger LOG = LoggerFactory.getLogger(Propagation.class);
    private static final ContextAccessor<?>[] NONE = new ContextAccessor<?>[0];
    private static final ReentrantLock REGISTRATION = new ReentrantLock();
    /** The registered accessors; replaced, never changed in place (written under REGISTRATION). */
    private static volatile ContextAccessor<?>[] accessors = NONE;
    /** The MDC adapter, if it offers a read-only view of the thread's map (Logback does). */
    private static final MDCAdapter ADAPTER;
    private static final MethodHandle VIEW;

    static {
        MDCAdapter adapter = null;
        MethodHandle view = null;
        try {
            adapter = MDC.getMDCAdapter();
            // Logback's view is a copy made afresh after every change (1.3+; 1.2 copies on write): its
            // identity tells "unchanged". Another adapter's map might be live, so it is copied instead.
            if (adapter != null && adapter.getClass().getName().equals("ch.qos.logback.classic.util.LogbackMDCAdapter")) {
                view = MethodHandles.publicLookup()
                        .findVirtual(adapter.getClass(), "getPropertyMap", MethodType.methodType(Map.class))
                        .asType(MethodType.methodType(Map.class, MDCAdapter.class));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("the MDC adapter {} has no read-only view: the MDC is copied to check it", adapter, e);
            view = null;
        }
        ADAPTER = adapter;
        VIEW = view;
    }

    private Propagation() {
    }

    public static boolean register(ContextAccessor<?> accessor) {
        REGISTRATION.lock();
        try {
            ContextAccessor<?>[] now = accessors;
            for (ContextAccessor<?> a : now) {
                if (a == accessor) {
                    return false;
                }
            }
            ContextAccessor<?>[] next = java.util.Arrays.copyOf(now, now.length + 1);
            next[now.length] = accessor;
            accessors = next;
            return true;
        } finally {
            REGISTRATION.unlock();
        }
    }

    public static boolean unregister(ContextAccessor<?> accessor) {
        REGISTRATION.lock();
        try {
            ContextAccessor<?>[] now = accessors;
            for (int i = 0; i < now.length; i++) {
                if (now[i] == accessor) {
                    ContextAccessor<?>[] next = new ContextAccessor<?>[now.length - 1];
                    System.arraycopy(now, 0, next, 0, i);
                    System.arraycopy(now, i + 1, next, i, now.length - i - 1);
                    accessors = next.length == 0 ? NONE : next;
                    return true;
                }
            }
            return false;
        } finally {
            REGISTRATION.unlock();
        }
    }

    /**
     * The calling thread's contexts, or {@code null} if it has none to carry (then nothing is
     * allocated). {@code previous} is the snapshot this thread's last capture returned, or any other;
     * it is returned again if nothing changed since (the MDC map is the same object and every
     * accessor gives the same value), so a loop of spawns copies the MDC once, not once per spawn.
     */
    static Snapshot capture(Snapshot previous) {
        Map<?, ?> view = null;
        Map<String, String> mdc;
        if (VIEW != null) {
            view = mdcView();
            if (view == null || view.isEmpty()) {
                view = null;
                mdc = null;
            } else if (previous != null && previous.view == view) {
                mdc = previous.mdc; // the adapter makes a new view on every change: unchanged since
            } else {
                mdc = MDC.getCopyOfContextMap();
            }
        } else {
            mdc = MDC.getCopyOfContextMap();
            if (mdc != null && mdc.isEmpty()) {
                mdc = null;
            }
        }
        ContextAccessor<?>[] acc = accessors;
        Object[] values = null;
        for (int i = 0; i < acc.length; i++) {
            Object v = acc[i].getValue();
            if (v != null) {
                if (values == null) {
                    values = new Object[acc.length];
                }
                values[i] = v;
            }
        }
        if (mdc == null && values == null) {
            return null;
        }
        if (previous != null && previous.mdc == mdc && previous.view == view && previous.accessors == acc
                && sameValues(previous.values, values)) {
            return previous;
        }
        return new Snapshot(mdc, view, acc, values);
    }

    private static boolean sameValues(Object[] a, Object[] b) {
        if (a == null || b == null) {
            return a == b;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    /** The adapter's read-only view of the calling thread's MDC map ({@code VIEW} must be set). */
    private static Map<?, ?> mdcView() {
        try {
            return (Map<?, ?>) VIEW.invokeExact(ADAPTER);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("reading the MDC failed", e);
        }
    }

    /**
     * What a spawn carries: the spawner's MDC map (a private copy, never changed) and the values of
     * the accessors registered at the capture ({@code values[i]} for {@code accessors[i]}; {@code null}
     * entries are not carried). Immutable; shared by the children of one batch.
     */
    static final class Snapshot {
        private final Map<String, String> mdc;
        /** The adapter's view the copy was taken from (identity only), or {@code null}. */
        private final Map<?, ?> view;
        private final ContextAccessor<?>[] accessors;
        private final Object[] values;

        private Snapshot(Map<String, String> mdc, Map<?, ?> view, ContextAccessor<?>[] accessors, Object[] values) {
            this.mdc = mdc;
            this.view = view;
            this.accessors = accessors;
            this.values = values;
        }

        /** Sets the carried contexts on a task's own (fresh) thread, before its body. */
        @SuppressWarnings({"unchecked", "rawtypes"})
        void enter() {
            if (mdc != null) {
                MDC.setContextMap(mdc); // the adapter copies it: siblings never share a map
            }
            if (values != null) {
                for (int i = 0; i < values.length; i++) {
                    if (values[i] != null) {
                        ((ContextAccessor) accessors[i]).setValue(values[i]);
                    }
                }
            }
        }

        /** Undoes {@link #enter()} on a task's thread after its body (the body's own MDC changes included). */
        void leave(Frame owner) {
            if (values != null) {
                for (int i = values.length - 1; i >= 0; i--) {
                    if (values[i] != null) {
                        try {
                            accessors[i].reset();
                        } catch (RuntimeException e) {
                            LOG.warn("resetting the context of {} after {} failed", accessors[i], owner.describe(), e);
                        }
                    }
                }
            }
            if (mdc != null) {
                MDC.clear();
            }
        }

        /**
         * Sets the carried contexts on a thread that is not the task's own (a pool thread) and returns
         * what puts that thread's own contexts back.
         */
        @SuppressWarnings({"unchecked", "rawtypes"})
        Runnable enterBorrowed() {
            Map<String, String> mdcBefore = MDC.getCopyOfContextMap();
            Object[] before = values == null ? null : new Object[values.length];
            int set = 0;
            try {
                MDC.setContextMap(mdc == null ? Map.of() : mdc);
                if (values != null) {
                    for (; set < values.length; set++) {
                        if (values[set] != null) {
                            before[set] = accessors[set].getValue();
                            ((ContextAccessor) accessors[set]).setValue(values[set]);
                        }
                    }
                }
            } catch (RuntimeException | Error e) {
                restoreBorrowed(mdcBefore, before, set);
                throw e;
            }
            int entered = set;
            return () -> restoreBorrowed(mdcBefore, before, entered);
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private void restoreBorrowed(Map<String, String> mdcBefore, Object[] before, int entered) {
            for (int i = entered - 1; i >= 0; i--) {
                if (values[i] != null) {
                    try {
                        ((ContextAccessor) accessors[i]).restore(before[i]);
                    } catch (RuntimeException e) {
                        LOG.warn("restoring the context of {} on thread {} failed", accessors[i],
                                Thread.currentThread().getName(), e);
                    }
                }
            }
            if (mdcBefore == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(mdcBefore);
            }
        }
    }
}
