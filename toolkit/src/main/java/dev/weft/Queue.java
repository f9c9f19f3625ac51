package dev.weft;

import dev.weft.internal.Blocking;
import dev.weft.internal.Idle;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A queue through which tasks hand items to each other: {@link #put} waits for room, {@link #get}
 * waits for an item, and both are cancellable and honour enclosing timeouts.
 *
 * <p>asyncio equivalent: {@code asyncio.Queue}, {@code asyncio.LifoQueue} and
 * {@code asyncio.PriorityQueue} ({@link #fifo}, {@link #lifo}, {@link #priority}), with
 * {@code task_done}/{@code join} and Python 3.13's {@code shutdown}.
 *
 * <pre>{@code
 * Queue<String> urls = Queue.fifo(100);
 * run(() -> {
 *     for (int i = 0; i < 3; i++) {
 *         spawn(() -> { for (String url : urls) fetch(url); return null; });   // ends at shutdown
 *     }
 *     for (String url : seeds) urls.put(url);          // waits while 100 items are queued
 *     urls.shutdown();                                 // workers drain the rest, then stop
 * });
 * }</pre>
 *
 * <p><b>When to use it.</b> Between Weft tasks, where you want a cancel or a timeout to get a task out
 * of a wait as {@link CancelledException} or {@link TimedOutException}. Between plain threads the JDK's
 * {@code ArrayBlockingQueue}, {@code LinkedBlockingQueue} or {@code PriorityBlockingQueue} serve
 * (a cancel reaches them as {@link InterruptedException}). The name clashes with
 * {@link java.util.Queue}: import one and qualify the other.
 *
 * <p><b>Prompt cancellation; no item lost or duplicated.</b> {@code put}, {@code get} and
 * {@code join} are cancellation points at entry and at wake-up: in a cancelled task (outside
 * {@code shield}) they throw at once, even when an item (or room) is there. A {@code get} that throws
 * took nothing: the item stays for other consumers, and one that was woken for it passes the wake-up
 * on. A {@code put} that throws enqueued nothing, so a retry never duplicates the item. A cancel that
 * races an arrival wins unless the call had already taken its item (or placed it): a call that
 * returns did its work, and the cancel surfaces at the task's next Weft call. Under {@code Weft.timeout}, use the
 * item inside the try block: if the deadline passes just as {@code get} returns, the timeout's
 * {@code close()} still throws {@link TimedOutException}, and an item kept only in a variable for
 * after the try would be dropped by the catch. {@code Weft.waitFor(d, queue::get)} and
 * {@code Weft.timeoutOrNull(d, queue::get)} are safe: a value the body returned is never discarded.
 *
 * <p><b>Counting work.</b> Every item put counts as unfinished until a consumer calls
 * {@link #taskDone()} for it; {@link #join()} waits until none is unfinished.
 *
 * <p><b>Shutting down</b> ({@link #shutdown(boolean)}, Python 3.13): puts fail with
 * {@link QueueShutDownException}, gets drain what is left and then fail with it, and blocked callers
 * are released with it. An immediate shutdown also drops the items left and counts them as done.
 *
 * <p><b>Iteration consumes.</b> A for-each loop (or {@link #iterator()}) takes items with
 * {@link #get()} and ends once the queue is shut down and empty. It does not call {@code taskDone()}.
 *
 * <p>Elements must not be {@code null}. Any thread may use a queue; outside a Weft task an interrupt
 * during a wait throws {@link CancelledException} and keeps the thread's interrupt status.
 *
 * <p><b>Memory consistency effects.</b> As with a {@link java.util.concurrent.BlockingQueue}: actions in
 * a thread before it puts an item happen-before actions after that item's removal by {@code get} (or
 * the iterator) in another thread; actions before {@link #taskDone()} happen-before the return of a
 * {@link #join()} it releases; actions before {@link #shutdown(boolean)} happen-before a
 * {@link QueueShutDownException} it causes.
 *
 * <p><b>General exceptions.</b> A {@code null} item or argument throws {@link NullPointerException}
 * naming it, a bad size {@link IllegalArgumentException} with the value. The waiting calls
 * ({@code put}, {@code get}, {@code join}) throw {@link CancelledException} when the calling task is
 * cancelled and {@link TimedOutException} when its deadline passes, and then have not put or taken
 * the item; {@link QueueShutDownException} after a shutdown as described above; the non-waiting forms
 * {@link QueueFullException} and {@link QueueEmptyException}.
 *
 * @param <E> the type of the items
 */
public final class Queue<E> implements Iterable<E> {
    /*
     * Implementation notes. One lock guards store, unfinished and shutDown. Waits go through
     * Blocking (checkpoint first, interrupt turned into the task's news), so a cancelled or timed-out
     * caller leaves by an exception before touching the store, and a caller that touched the store
     * returns normally: that is the whole conservation argument.
     *
     * Signals. notEmpty is signalled once per item added and notFull once per item removed (bounded
     * queues only), with signal(), not signalAll(): at most one waiter per item. No signal is lost to
     * a cancelled waiter: AbstractQueuedSynchronizer decides each race between signal and interrupt
     * one way. A waiter interrupted first throws InterruptedException and AQS gives the signal to the
     * next waiter. A waiter signalled first returns from await() normally, checks for cancellation
     * (the wake-up is a cancellation point) and, if its task was cancelled, signals the same condition
     * again before it throws, so the next waiter gets the item or the room and this one touched
     * nothing (asyncio's Queue does the same with _wakeup_next). signal() on a condition without
     * waiters costs a field read. shutdown() uses signalAll() on both conditions because every
     * waiter must re-check; allDone is signalled (all) whenever unfinished drops to 0.
     *
     * Invariants: unfinished >= 0; once shutDown is set it stays set and the store only shrinks.
     */
    private static final Logger LOG = LoggerFactory.getLogger(Queue.class);

    private final int maxsize;
    private final QueueStore<E> store;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final Condition allDone = lock.newCondition();
    /** Items put and not yet marked done by {@link #taskDone()}. */
    private long unfinished;
    private boolean shutDown;

    private Queue(int maxsize, IntFunction<QueueStore<E>> store) {
        if (maxsize < 0) {
            throw new IllegalArgumentException("maxsize must not be negative (0 means unbounded): " + maxsize);
        }
        this.maxsize = maxsize;
        this.store = store.apply(maxsize);
    }

    /**
     * A first-in-first-out queue (asyncio: {@code asyncio.Queue(maxsize)}).
     *
     * @param maxsize the most items it holds; {@code 0} for unbounded
     * @throws IllegalArgumentException if {@code maxsize} is negative
     */
    public static <E> Queue<E> fifo(int maxsize) {
        return new Queue<>(maxsize, QueueStore::fifo);
    }

    /** An unbounded first-in-first-out queue (asyncio: {@code asyncio.Queue()}). */
    public static <E> Queue<E> fifo() {
        return fifo(0);
    }

    /**
     * A last-in-first-out queue, a stack (asyncio: {@code asyncio.LifoQueue(maxsize)}).
     *
     * @param maxsize the most items it holds; {@code 0} for unbounded
     * @throws IllegalArgumentException if {@code maxsize} is negative
     */
    public static <E> Queue<E> lifo(int maxsize) {
        return new Queue<>(maxsize, QueueStore::lifo);
    }

    /** An unbounded last-in-first-out queue (asyncio: {@code asyncio.LifoQueue()}). */
    public static <E> Queue<E> lifo() {
        return lifo(0);
    }

    /**
     * A queue that hands out the smallest item by {@code comparator} first (asyncio:
     * {@code asyncio.PriorityQueue(maxsize)}); equal items come out in no particular order, so add a
     * sequence number to the key if ties must be first-in-first-out.
     *
     * @param maxsize the most items it holds; {@code 0} for unbounded
     * @throws IllegalArgumentException if {@code maxsize} is negative
     */
    public static <E> Queue<E> priority(int maxsize, Comparator<? super E> comparator) {
        Objects.requireNonNull(comparator, "comparator");
        return new Queue<>(maxsize, m -> QueueStore.priority(m, comparator));
    }

    /** Like {@link #priority(int, Comparator)}, by the items' natural order (smallest first). */
    public static <E extends Comparable<? super E>> Queue<E> priority(int maxsize) {
        return priority(maxsize, Comparator.<E>naturalOrder());
    }

    /** An unbounded priority queue by the items' natural order (asyncio: {@code asyncio.PriorityQueue()}). */
    public static <E extends Comparable<? super E>> Queue<E> priority() {
        return priority(0);
    }

    /**
     * Adds {@code item}, waiting while the queue is full (asyncio: {@code await queue.put(item)}).
     * If this call throws, the item was not added. A cancellation point at entry and at wake-up: in
     * a cancelled task it throws even when there is room.
     *
     * @throws QueueShutDownException if the queue is shut down, now or while waiting
     * @throws CancelledException if the task is cancelled (or {@link TimedOutException} if its
     *     deadline passes) before the item was added
     * @throws NullPointerException if {@code item} is null
     */
    public void put(E item) {
        Objects.requireNonNull(item, "item");
        Blocking.checkpoint();
        lock.lock();
        try {
            while (true) {
                if (shutDown) {
                    throw shutDownFor("put");
                }
                if (hasRoom()) {
                    break;
                }
                Blocking.awaitSignal(notFull);
            }
            enqueue(item);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds {@code item} if there is room, without waiting (asyncio: {@code queue.put_nowait(item)}).
     *
     * @throws QueueFullException if the queue holds {@link #maxsize()} items
     * @throws QueueShutDownException if the queue is shut down
     * @throws NullPointerException if {@code item} is null
     */
    public void putNowait(E item) {
        Objects.requireNonNull(item, "item");
        lock.lock();
        try {
            if (shutDown) {
                throw shutDownFor("putNowait");
            }
            if (!hasRoom()) {
                throw new QueueFullException(this + " is full");
            }
            enqueue(item);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes and returns the next item, waiting while the queue is empty (asyncio:
     * {@code await queue.get()}). If this call throws, it took no item. A cancellation point at entry
     * and at wake-up: in a cancelled task it throws even when an item is there, and a getter woken
     * for an item as its task is cancelled leaves the item and passes the wake-up on.
     *
     * @throws QueueShutDownException if the queue is shut down and empty, now or while waiting
     * @throws CancelledException if the task is cancelled (or {@link TimedOutException} if its
     *     deadline passes) before an item was taken
     */
    public E get() {
        Blocking.checkpoint();
        lock.lock();
        try {
            while (store.size() == 0) {
                if (shutDown) {
                    throw shutDownFor("get");
                }
                Blocking.awaitSignal(notEmpty);
            }
            E item = store.poll();
            dequeued();
            return item;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes and returns the next item if there is one, without waiting (asyncio:
     * {@code queue.get_nowait()}).
     *
     * @throws QueueEmptyException if the queue is empty
     * @throws QueueShutDownException if the queue is shut down and empty
     */
    public E getNowait() {
        lock.lock();
        try {
            E item = store.poll();
            if (item == null) {
                if (shutDown) {
                    throw shutDownFor("getNowait");
                }
                throw new QueueEmptyException(this + " is empty");
            }
            dequeued();
            return item;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Marks one item taken from the queue as processed (asyncio: {@code queue.task_done()}); when
     * every item put has been marked, {@link #join()} returns.
     *
     * @throws IllegalStateException if called more times than items were put (asyncio: {@code ValueError})
     */
    public void taskDone() {
        lock.lock();
        try {
            if (unfinished == 0) {
                throw new IllegalStateException("taskDone() called more times than items were put into " + this);
            }
            if (--unfinished == 0) {
                Idle.signalAll(allDone);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until every item put has been marked done with {@link #taskDone()} (asyncio:
     * {@code await queue.join()}); returns at once if none is unfinished, unless the task is
     * cancelled: a cancellation point at entry and at wake-up.
     *
     * @throws CancelledException if the task is cancelled (or {@link TimedOutException} if its
     *     deadline passes) while waiting
     */
    public void join() {
        Blocking.checkpoint();
        lock.lock();
        try {
            while (unfinished > 0) {
                Blocking.awaitSignal(allDone);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Shuts the queue down, keeping the items left for the consumers to drain (asyncio 3.13:
     * {@code queue.shutdown()}); the same as {@code shutdown(false)}.
     */
    public void shutdown() {
        shutdown(false);
    }

    /**
     * Shuts the queue down (asyncio 3.13: {@code queue.shutdown(immediate)}). Afterwards every put
     * throws {@link QueueShutDownException} and blocked putters are released with it; gets return the
     * items left and then throw it, and blocked getters are released with it. With
     * {@code immediate}, the items left are dropped and counted as done, so that {@link #join()}
     * returns once the items already taken are marked done. Calling it again is allowed; an immediate
     * shutdown after a plain one drops what is left.
     */
    public void shutdown(boolean immediate) {
        int dropped = 0;
        lock.lock();
        try {
            shutDown = true;
            if (immediate) {
                dropped = store.size();
                store.clear();
                unfinished = Math.max(0, unfinished - dropped);
                if (unfinished == 0) {
                    Idle.signalAll(allDone);
                }
            }
            Idle.signalAll(notEmpty);
            Idle.signalAll(notFull);
        } finally {
            lock.unlock();
        }
        LOG.debug("{} shut down (immediate: {}, items dropped: {})", this, immediate, dropped);
    }

    /** Whether {@link #shutdown(boolean)} has been called (asyncio 3.13 has no public equivalent). */
    public boolean isShutDown() {
        lock.lock();
        try {
            return shutDown;
        } finally {
            lock.unlock();
        }
    }

    /** The number of items in the queue now (asyncio: {@code queue.qsize()}). */
    public int size() {
        lock.lock();
        try {
            return store.size();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the queue holds no item now (asyncio: {@code queue.empty()}). */
    public boolean isEmpty() {
        return size() == 0;
    }

    /** Whether a bounded queue holds {@link #maxsize()} items now; never for an unbounded one (asyncio: {@code queue.full()}). */
    public boolean isFull() {
        lock.lock();
        try {
            return !hasRoom();
        } finally {
            lock.unlock();
        }
    }

    /** The most items the queue holds, {@code 0} meaning unbounded (asyncio: {@code queue.maxsize}). */
    public int maxsize() {
        return maxsize;
    }

    /**
     * An iterator that consumes: {@code hasNext()} waits for the next item with {@link #get()} and
     * returns {@code false} once the queue is shut down and empty. Cancellable like {@code get()};
     * each iterator belongs to the one task that loops over it.
     */
    @Override
    public Iterator<E> iterator() {
        return new Consuming();
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "Queue[" + store.kind() + ", " + store.size() + (maxsize == 0 ? "" : "/" + maxsize)
                    + " items, " + unfinished + " unfinished" + (shutDown ? ", shut down" : "") + "]";
        } finally {
            lock.unlock();
        }
    }

    /** The room the store holds now, in items; memory follows the content, not {@link #maxsize()}. */
    int storeCapacity() {
        lock.lock();
        try {
            return store.capacity();
        } finally {
            lock.unlock();
        }
    }

    // ---- under the lock ------------------------------------------------------------------------

    private boolean hasRoom() {
        return maxsize == 0 || store.size() < maxsize;
    }

    private void enqueue(E item) {
        store.add(item);
        unfinished++;
        Idle.signal(notEmpty);
    }

    private void dequeued() {
        if (maxsize != 0) {
            Idle.signal(notFull);
        }
    }

    private QueueShutDownException shutDownFor(String operation) {
        return new QueueShutDownException(operation + " on " + this);
    }

    /** The for-each loop's view: {@code hasNext()} is where it waits. */
    private final class Consuming implements Iterator<E> {
        private E next;

        @Override
        public boolean hasNext() {
            if (next == null) {
                try {
                    next = get();
                } catch (QueueShutDownException e) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public E next() {
            if (!hasNext()) {
                throw new NoSuchElementException("the queue is shut down and empty");
            }
            E item = next;
            next = null;
            return item;
        }
    }
}
