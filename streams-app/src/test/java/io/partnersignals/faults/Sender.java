package io.partnersignals.faults;

import io.partnersignals.faults.FaultInput.Input;
import io.partnersignals.topology.TopicNames;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends inputs in a background thread, in order (an idempotent producer), {@code pace} apart until {@link #unpace()} (so that a fault lands while records flow), each encoded with the
 * schema variant in force when it is sent. A broker restart only makes it wait.
 */
final class Sender implements AutoCloseable {

    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger handedOver = new AtomicInteger();
    private final Thread thread;
    private volatile boolean paced;
    private volatile Throwable failure;

    Sender(FaultCluster cluster, TopicNames t, List<Input> inputs, Duration pace, IntSupplier variant) {
        paced = !pace.isZero();
        thread = new Thread(() -> {
            try (KafkaProducer<String, byte[]> producer = cluster.producer()) {
                for (Input in : inputs) {
                    if (failure != null) {
                        break;
                    }
                    String topic = FaultCluster.topicOf(t, in.kind());
                    producer.send(new ProducerRecord<>(topic, null, in.at().toEpochMilli(), in.key(),
                            cluster.encode(topic, in.value(), variant.getAsInt())), (meta, e) -> {
                                if (e != null) {
                                    failure = e;
                                } else {
                                    sent.incrementAndGet();
                                }
                            });
                    handedOver.incrementAndGet();
                    if (paced) {
                        Thread.sleep(pace.toMillis()); // load shape: records keep arriving while the fault hits
                    }
                }
                producer.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                failure = e;
            }
        }, "fault-sender");
        thread.setDaemon(true);
        thread.start();
    }

    /** Records acknowledged so far. */
    int sent() {
        return sent.get();
    }

    /**
     * Waits until {@code count} records are handed to the producer (encoded with the variant then in
     * force), so that a fault struck now meets the rest, written with the variant it sets.
     */
    void awaitHandedOver(int count, Duration timeout) {
        FaultCluster.await(count + " records handed to the producer", timeout, () -> {
            rethrow();
            return handedOver.get() >= count;
        });
    }

    /** From now on as fast as the broker takes them. */
    void unpace() {
        paced = false;
    }

    /** Waits until every record is acknowledged. */
    void join(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        rethrow();
        if (thread.isAlive()) {
            throw new AssertionError("the sender did not finish within " + timeout + "; sent " + sent.get());
        }
    }

    private void rethrow() {
        if (failure != null) {
            throw new AssertionError("sending failed: " + failure.getMessage(), failure);
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
