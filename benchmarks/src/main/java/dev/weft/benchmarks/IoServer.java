package dev.weft.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The loopback latency server of the blocking I/O workload ({@code io}): plain TCP on 127.0.0.1, one connection
 * per request. A client connects, sends one line {@code GET <millis>}, and gets the line {@code OK} after
 * {@code millis} milliseconds; then the server closes the connection (so the TIME_WAIT sockets sit on the
 * server's side and do not use up the clients' ephemeral ports from round to round).
 *
 * <p>It runs in the coordinator ({@link Compare}), never in the measured library's worker JVM, once per run.
 * Every connection is served by a virtual thread of its own; {@value #ACCEPTORS} virtual threads accept on the
 * one listening socket, whose backlog asks for {@value #BACKLOG} (the kernel caps it at
 * {@code net.core.somaxconn}, 4096 on the development machine), so a burst of 10,000 connections waits in the
 * kernel's queue rather than being refused.
 *
 * <pre>{@code
 * try (IoServer server = IoServer.start()) {
 *     IoLoad.Result r = new WeftLib().io(10_000, 20, server.port());
 * }
 * }</pre>
 */
final class IoServer implements AutoCloseable {
    static final int BACKLOG = 16_384;
    static final int ACCEPTORS = 2;

    private final ServerSocket listener;
    private final List<Thread> acceptors = new ArrayList<>();
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();

    private IoServer(ServerSocket listener) {
        this.listener = listener;
        for (int i = 0; i < ACCEPTORS; i++) {
            acceptors.add(Thread.ofVirtual().name("io-server-accept-" + i).start(this::acceptLoop));
        }
    }

    /** Starts a server on 127.0.0.1 and a free port. */
    static IoServer start() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), BACKLOG);
        return new IoServer(s);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Requests answered so far (counted as the answer is written; one whose write then failed is in {@link #failed} too). */
    long served() {
        return served.get();
    }

    /** Connections that ended without an answer (a bad request line, a client that went away). */
    long failed() {
        return failed.get();
    }

    /** The most connections open at one moment since the last {@link #takeMaxOpen}: how concurrent a client really was. */
    int maxOpen() {
        return maxOpen.get();
    }

    /** {@link #maxOpen()} since the last call (or the start), then starts counting afresh from what is open now. */
    int takeMaxOpen() {
        return maxOpen.getAndSet(open.get());
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket c;
            try {
                c = listener.accept();
            } catch (IOException e) {
                if (listener.isClosed()) {
                    return;
                }
                failed.incrementAndGet();
                continue;
            }
            Thread.ofVirtual().start(() -> serve(c));
        }
    }

    private void serve(Socket c) {
        maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
        try (c) {
            c.setTcpNoDelay(true);
            BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.US_ASCII), 64);
            String line = in.readLine();
            if (line == null || !line.startsWith("GET ")) {
                failed.incrementAndGet();
                return;
            }
            long millis = Long.parseLong(line.substring(4).trim());
            if (millis > 0) {
                Thread.sleep(millis);
            }
            // counted before the answer goes out: a client that has read its answer finds it counted
            served.incrementAndGet();
            OutputStream out = c.getOutputStream();
            out.write(IoLoad.ANSWER);
            out.flush();
        } catch (IOException | NumberFormatException e) {
            failed.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing
        } finally {
            open.decrementAndGet();
        }
    }

    /** Closes the listening socket, which ends the acceptors' {@code accept} calls, and waits for them to end. */
    @Override
    public void close() throws IOException {
        listener.close();
        try {
            for (Thread t : acceptors) {
                if (!t.join(java.time.Duration.ofSeconds(10))) {
                    throw new IOException("acceptor " + t.getName() + " did not end after the listener closed");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while closing the io server", e);
        }
    }

    @Override
    public String toString() {
        return "IoServer[127.0.0.1:" + port() + ", served " + served() + ", failed " + failed() + "]";
    }
}
