package dev.weft;

import static dev.weft.TestSupport.awaitLatch;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.run;
import static dev.weft.Weft.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link ContextAccessor} SPI: any thread-local context rides along with a spawn. Modelled on
 * Micrometer context-propagation's ThreadLocalAccessor tests (value captured at the spawn, set in the
 * child, reset after); the OpenTelemetry tests show a real tracing context going through it.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ContextAccessorTest {
    /** A plain thread-local context, such as a security context. */
    static final ThreadLocal<String> USER = new ThreadLocal<>();

    static class UserAccessor implements ContextAccessor<String> {
        final List<String> resets = new CopyOnWriteArrayList<>();

        @Override
        public String getValue() {
            return USER.get();
        }

        @Override
        public void setValue(String value) {
            USER.set(value);
        }

        @Override
        public void reset() {
            resets.add(Thread.currentThread().getName());
            USER.remove();
        }
    }

    /** OpenTelemetry's Context through the SPI: made current in the child, its scope closed after. */
    static final class OtelAccessor implements ContextAccessor<Context> {
        private final ThreadLocal<Scope> scope = new ThreadLocal<>();

        @Override
        public Context getValue() {
            Context c = Context.current();
            return c == Context.root() ? null : c;
        }

        @Override
        public void setValue(Context value) {
            scope.set(value.makeCurrent());
        }

        @Override
        public void reset() {
            Scope s = scope.get();
            if (s != null) {
                scope.remove();
                s.close();
            }
        }
    }

    private final List<ContextAccessor<?>> registered = new ArrayList<>();

    private <A extends ContextAccessor<?>> A register(A accessor) {
        assertTrue(ContextAccessor.register(accessor));
        registered.add(accessor);
        return accessor;
    }

    @AfterEach
    void unregister() {
        registered.forEach(ContextAccessor::unregister);
        USER.remove();
    }

    private static Span span(String traceId, String spanId) {
        return Span.wrap(SpanContext.create(traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault()));
    }

    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";

    @Test
    void registeredAccessorsValueReachesTheChild() {
        register(new UserAccessor());

        String seen = run(() -> {
            USER.set("alice");
            return spawn(USER::get).join();
        });

        assertEquals("alice", seen);
    }

    @Test
    void childChangeOfAnAccessorsContextDoesNotReachTheParent() {
        register(new UserAccessor());

        String parentAfter = run(() -> {
            USER.set("alice");
            spawn(() -> {
                USER.set("mallory");
                return null;
            }).join();
            return USER.get();
        });

        assertEquals("alice", parentAfter);
    }

    @Test
    void accessorIsResetOnTheChildsThreadAfterItsBody() {
        UserAccessor accessor = register(new UserAccessor());

        run(() -> {
            USER.set("alice");
            spawn("child", () -> USER.get()).join();
        });

        assertEquals(List.of("child"), accessor.resets.stream().filter("child"::equals).toList());
    }

    @Test
    void accessorWithNothingToCarryIsNotCalledInTheChild() {
        UserAccessor accessor = register(new UserAccessor());

        String seen = run(() -> spawn("child", USER::get).join());

        assertNull(seen);
        assertTrue(accessor.resets.isEmpty(), "reset ran for a value that was never set: " + accessor.resets);
    }

    @Test
    void registeringTheSameAccessorTwiceChangesNothing() {
        UserAccessor accessor = register(new UserAccessor());

        assertFalse(ContextAccessor.register(accessor));
        assertTrue(ContextAccessor.unregister(accessor));
        assertFalse(ContextAccessor.unregister(accessor));
        registered.clear();
    }

    @Test
    void unregisteredAccessorIsNoLongerCarried() {
        UserAccessor accessor = new UserAccessor();
        ContextAccessor.register(accessor);
        ContextAccessor.unregister(accessor);

        String seen = run(() -> {
            USER.set("alice");
            return spawn(USER::get).join();
        });

        assertNull(seen);
    }

    @Test
    void nullAccessorIsRejectedNamingTheArgument() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> ContextAccessor.register(null));
        assertEquals("accessor", e.getMessage());
        assertThrows(NullPointerException.class, () -> ContextAccessor.unregister(null));
    }

    @Test
    void accessorThatFailsToReadMakesTheSpawnThrow() {
        register(new UserAccessor() {
            @Override
            public String getValue() {
                if (USER.get() != null) {
                    throw new IllegalStateException("no security context here");
                }
                return null;
            }
        });
        List<String> ran = new CopyOnWriteArrayList<>();

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(() -> {
            USER.set("alice");
            return spawn(() -> ran.add("body")).join();
        }));
        assertEquals("no security context here", e.getMessage());
        assertTrue(ran.isEmpty());
    }

    @Test
    void accessorThatFailsToSetFailsTheChildBeforeItsBody() {
        register(new UserAccessor() {
            @Override
            public void setValue(String value) {
                throw new IllegalArgumentException("cannot set " + value);
            }
        });
        List<String> ran = new CopyOnWriteArrayList<>();

        Throwable e = assertThrows(IllegalArgumentException.class, () -> run(() -> {
            USER.set("alice");
            return spawn(() -> ran.add("body")).join();
        }));

        assertEquals("cannot set alice", e.getMessage());
        assertTrue(ran.isEmpty());
    }

    @Test
    void accessorThatFailsToResetIsLoggedNamingTheTask() {
        register(new UserAccessor() {
            @Override
            public void reset() {
                throw new IllegalStateException("reset failed");
            }
        });

        try (LogCapture log = LogCapture.of("dev.weft.internal.Propagation")) {
            String seen = run(() -> {
                USER.set("alice");
                return spawn("resetter", USER::get).join();
            });

            assertEquals("alice", seen);
            assertEquals(1, log.warningsNaming("task resetter").size(), "warnings: " + log.warnings());
        }
    }

    // ---- OpenTelemetry -----------------------------------------------------------------------------

    @Test
    void openTelemetrySpanIsCurrentInChildrenAndGrandChildren() {
        register(new OtelAccessor());
        Span parentSpan = span(TRACE, "b7ad6b7169203331");

        List<String> seen = run(() -> {
            try (Scope ignored = parentSpan.makeCurrent()) {
                return gather(
                        () -> Span.current().getSpanContext().getSpanId(),
                        () -> spawn(() -> Span.current().getSpanContext().getSpanId()).join());
            }
        });

        assertEquals(List.of("b7ad6b7169203331", "b7ad6b7169203331"), seen);
    }

    @Test
    void openTelemetrySpanMadeCurrentInAChildDoesNotLeakToTheParent() {
        register(new OtelAccessor());
        Span parentSpan = span(TRACE, "b7ad6b7169203331");
        Span childSpan = span(TRACE, "00f067aa0ba902b7");

        List<String> seen = run(() -> {
            try (Scope ignored = parentSpan.makeCurrent()) {
                String grandChildSaw = spawn(() -> {
                    try (Scope inner = childSpan.makeCurrent()) {
                        return spawn(() -> Span.current().getSpanContext().getSpanId()).join();
                    }
                }).join();
                return List.of(grandChildSaw, Span.current().getSpanContext().getSpanId());
            }
        });

        assertEquals(List.of("00f067aa0ba902b7", "b7ad6b7169203331"), seen);
    }

    @Test
    void openTelemetrySiblingsAreIsolated() throws Exception {
        register(new OtelAccessor());
        Span parentSpan = span(TRACE, "b7ad6b7169203331");
        Span firstsSpan = span(TRACE, "00f067aa0ba902b7");
        CountDownLatch firstSwitched = new CountDownLatch(1);

        List<String> seen = run(() -> {
            try (Scope ignored = parentSpan.makeCurrent()) {
                return gather(() -> {
                    try (Scope inner = firstsSpan.makeCurrent()) {
                        firstSwitched.countDown();
                        return Span.current().getSpanContext().getSpanId();
                    }
                }, () -> {
                    awaitLatch(firstSwitched);
                    return Span.current().getSpanContext().getSpanId();
                });
            }
        });

        assertEquals(List.of("00f067aa0ba902b7", "b7ad6b7169203331"), seen);
    }

    @Test
    void openTelemetryContextReachesAToThreadBodyAndLeavesThePoolThreadClean() {
        register(new OtelAccessor());
        Span parentSpan = span(TRACE, "b7ad6b7169203331");
        var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            List<Object> seen = run(() -> {
                try (Scope ignored = parentSpan.makeCurrent()) {
                    return List.of(Weft.toThread(pool, () -> Span.current().getSpanContext().getSpanId()));
                }
            });
            Context onPoolAfter = Weft.run(() -> Weft.toThread(pool, () -> Context.current()));

            assertEquals(List.of("b7ad6b7169203331"), seen);
            assertEquals(Context.root(), onPoolAfter);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void accessorThatFailsToSetFailsAGatheredChild() {
        register(new UserAccessor() {
            @Override
            public void setValue(String value) {
                throw new IllegalStateException("boom");
            }
        });

        Outcome<?> o = run(() -> {
            USER.set("alice");
            return Weft.gatherSettled(() -> 1).get(0);
        });

        assertInstanceOf(Outcome.Failure.class, o);
    }
}
