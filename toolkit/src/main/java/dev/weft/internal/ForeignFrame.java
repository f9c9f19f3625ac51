package dev.weft.internal;

/**
 * The frame of a thread that is not a Weft task (a {@code main} thread, a test runner's thread) while
 * it has a group, a timeout or a shield open. It is dropped when the last of them closes; an
 * interrupt that came from outside Weft is then restored on the thread, since it belongs to its owner.
 */
final class ForeignFrame extends Frame {
    ForeignFrame(Thread thread) {
        super(thread);
    }

    @Override
    String cancelMessage() {
        return "the thread " + thread.getName() + " was interrupted";
    }

    @Override
    String describe() {
        return "thread " + thread.getName();
    }

    @Override
    void released() {
        CancelScope root = rootScope();
        popWithoutRelease(root);
        unbindForeign();
        if (root.isCancelledNow()) {
            Thread.currentThread().interrupt();
        }
    }
}
