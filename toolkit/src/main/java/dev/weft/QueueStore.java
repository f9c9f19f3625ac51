package dev.weft;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Where a {@link Queue} keeps its items, and so the order they come out in. Not thread-safe: the
 * queue calls it only under its lock. Elements are never {@code null}.
 *
 * <p>Memory follows the content, not {@code maxsize}: a store starts with no room at all, grows by
 * doubling as items arrive, and gives room back when it has drained (a ring buffer shrinks to half
 * when it is a quarter full; a heap is rebuilt small when it empties). So a bounded queue of a
 * hundred thousand items costs nothing while it is empty.
 */
abstract sealed class QueueStore<E> {
    /** The smallest room a store keeps once it holds an item; below it nothing is given back. */
    static final int MIN_CAPACITY = 8;

    abstract void add(E e);

    /** Removes and returns the next item, or {@code null} if there is none. */
    abstract E poll();

    abstract int size();

    abstract void clear();

    /**
     * The room the store holds now, in items, for tests of its footprint (for a heap: the most items
     * it held since it last emptied, which bounds its room).
     */
    abstract int capacity();

    /** The order's name for {@code toString}: {@code fifo}, {@code lifo} or {@code priority}. */
    abstract String kind();

    static <E> QueueStore<E> fifo(int maxsize) {
        return new Ends<>(false);
    }

    static <E> QueueStore<E> lifo(int maxsize) {
        return new Ends<>(true);
    }

    static <E> QueueStore<E> priority(int maxsize, Comparator<? super E> comparator) {
        return new Priority<>(comparator);
    }

    /**
     * First in, first out (take from the head) or last in, first out (take from the tail); add at the
     * tail. A ring buffer: {@code items[head]} is the oldest item, the {@code size} items follow it
     * (modulo the length), every other slot is {@code null}; the length is 0 or a power of two.
     */
    static final class Ends<E> extends QueueStore<E> {
        private static final Object[] NONE = {};
        private final boolean lifo;
        private Object[] items = NONE;
        private int head;
        private int size;

        Ends(boolean lifo) {
            this.lifo = lifo;
        }

        @Override
        void add(E e) {
            if (size == items.length) {
                resize(Math.max(MIN_CAPACITY, items.length * 2));
            }
            items[(head + size) & (items.length - 1)] = e;
            size++;
        }

        @Override
        @SuppressWarnings("unchecked")
        E poll() {
            if (size == 0) {
                return null;
            }
            int mask = items.length - 1;
            int at = lifo ? (head + size - 1) & mask : head;
            E e = (E) items[at];
            items[at] = null;
            if (!lifo) {
                head = (head + 1) & mask;
            }
            size--;
            if (size == 0) {
                head = 0;
            }
            if (items.length > MIN_CAPACITY && size <= items.length / 4) {
                resize(items.length / 2);
            }
            return e;
        }

        /** Moves the items to a new array of {@code length} slots, oldest first. */
        private void resize(int length) {
            Object[] to = new Object[length];
            int mask = items.length - 1;
            for (int i = 0; i < size; i++) {
                to[i] = items[(head + i) & mask];
            }
            items = to;
            head = 0;
        }

        @Override
        int size() {
            return size;
        }

        @Override
        void clear() {
            items = NONE;
            head = 0;
            size = 0;
        }

        @Override
        int capacity() {
            return items.length;
        }

        @Override
        String kind() {
            return lifo ? "lifo" : "fifo";
        }
    }

    /**
     * Smallest first by the comparator (a binary heap); equal items come out in no particular order.
     * The JDK's heap never shrinks, so an emptied heap that had grown is replaced by a new, small one;
     * {@code grownTo} is the most items it held since it was created, which bounds its room.
     */
    static final class Priority<E> extends QueueStore<E> {
        private final Comparator<? super E> comparator;
        private PriorityQueue<E> items;
        private int grownTo;

        Priority(Comparator<? super E> comparator) {
            this.comparator = comparator;
            this.items = new PriorityQueue<>(1, comparator);
        }

        @Override
        void add(E e) {
            items.add(e);
            grownTo = Math.max(grownTo, items.size());
        }

        @Override
        E poll() {
            E e = items.poll();
            if (items.isEmpty() && grownTo > MIN_CAPACITY) {
                clear();
            }
            return e;
        }

        @Override
        int size() {
            return items.size();
        }

        @Override
        void clear() {
            items = new PriorityQueue<>(1, comparator);
            grownTo = 0;
        }

        @Override
        int capacity() {
            return Math.max(1, grownTo);
        }

        @Override
        String kind() {
            return "priority";
        }
    }
}
