package dev.weft;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Where a {@link Queue} keeps its items, and so the order they come out in. Not thread-safe: the
 * queue calls it only under its lock. Elements are never {@code null}.
 */
abstract sealed class QueueStore<E> {
    /** Initial room for a bounded store; beyond it the store grows as items arrive. */
    private static final int MAX_INITIAL = 1024;
    /** Initial room for an unbounded store. */
    private static final int UNBOUNDED_INITIAL = 16;

    abstract void add(E e);

    /** Removes and returns the next item, or {@code null} if there is none. */
    abstract E poll();

    abstract int size();

    abstract void clear();

    /** The order's name for {@code toString}: {@code fifo}, {@code lifo} or {@code priority}. */
    abstract String kind();

    static <E> QueueStore<E> fifo(int maxsize) {
        return new Ends<>(initialCapacity(maxsize), false);
    }

    static <E> QueueStore<E> lifo(int maxsize) {
        return new Ends<>(initialCapacity(maxsize), true);
    }

    static <E> QueueStore<E> priority(int maxsize, Comparator<? super E> comparator) {
        return new Priority<>(initialCapacity(maxsize), comparator);
    }

    private static int initialCapacity(int maxsize) {
        return maxsize == 0 ? UNBOUNDED_INITIAL : Math.min(maxsize, MAX_INITIAL);
    }

    /** First in, first out (take from the head) or last in, first out (take from the tail); add at the tail. */
    static final class Ends<E> extends QueueStore<E> {
        private final ArrayDeque<E> items;
        private final boolean lifo;

        Ends(int capacity, boolean lifo) {
            items = new ArrayDeque<>(capacity);
            this.lifo = lifo;
        }

        @Override
        void add(E e) {
            items.addLast(e);
        }

        @Override
        E poll() {
            return lifo ? items.pollLast() : items.pollFirst();
        }

        @Override
        int size() {
            return items.size();
        }

        @Override
        void clear() {
            items.clear();
        }

        @Override
        String kind() {
            return lifo ? "lifo" : "fifo";
        }
    }

    /** Smallest first by the comparator (a binary heap); equal items come out in no particular order. */
    static final class Priority<E> extends QueueStore<E> {
        private final PriorityQueue<E> items;

        Priority(int capacity, Comparator<? super E> comparator) {
            items = new PriorityQueue<>(capacity, comparator);
        }

        @Override
        void add(E e) {
            items.add(e);
        }

        @Override
        E poll() {
            return items.poll();
        }

        @Override
        int size() {
            return items.size();
        }

        @Override
        void clear() {
            items.clear();
        }

        @Override
        String kind() {
            return "priority";
        }
    }
}
