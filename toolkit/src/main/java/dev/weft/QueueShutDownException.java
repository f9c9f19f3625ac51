package dev.weft;

/**
 * Thrown by a {@link Queue} that has been {@linkplain Queue#shutdown() shut down}: by every put, and
 * by a get once no item is left.
 *
 * <p>asyncio equivalent: {@code asyncio.QueueShutDown} (Python 3.13). It extends
 * {@link IllegalStateException}: the queue is closed for that operation. For consumers it is the
 * normal end of the stream; a for-each loop over the queue turns it into the loop's end.
 *
 * <pre>{@code
 * try {
 *     while (true) {
 *         handle(q.get());
 *     }
 * } catch (QueueShutDownException e) {
 *     log.info("producer is done, queue drained");
 * }
 * }</pre>
 */
public class QueueShutDownException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that names the queue. */
    public QueueShutDownException(String message) {
        super(message);
    }
}
