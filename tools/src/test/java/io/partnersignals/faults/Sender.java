package io.partnersignals.faults;

import io.partnersignals.faults.FaultInput.Input;
import io.partnersignals.topology.TopicNames;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends inputs in a background thread, in order (an idempotent producer), stopping at the strike
 * point until the fault has struck, {@code pace} apart until {@link #unpace()} (so that a fault lands
 * while records flow), each encoded with the schema variant in force when it is handed over. A
 * broker restart only makes it wait.
 */
final class Sender implements AutoCloseable {

    private final AtomicInteger sent = new AtomicInteger();
    private final CountDownLatch atStrike = new CountDownLatch(1);
    private final CountDownLatch struck = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean paced;
    private volatile Throwable failure;

    /** Sends {@code inputs}; after {@code strikeAt} of them it waits for {@link #strike()}. */
    Sender(FaultCluster cluster, TopicNames t, List<Input> inputs, int strikeAt, Duration pace, IntSupplier variant) {
        paced = !pace.isZero();
        thread = new Thread(() -> {
            try (KafkaProducer<String, byte[]> producer = cluster.producer()) {
                for (int i = 0; i < inputs.size(); i++) {
                    Input in = inputs.get(i);
                    if (i == strikeAt) {
                        atStrike.countDown();
                        struck.await();
                    }
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
     * Waits until the records before the strike point are handed to the producer; the sender then
     * waits for {@link #strike()}, so that the rest is written with the schema variant the fault sets.
     */
    void awaitStrikePoint(Duration timeout) {
        FaultCluster.await("the records before the fault handed to the producer", timeout, () -> {
            rethrow();
            return atStrike.getCount() == 0;
        });
    }

    /** The fault has struck: send the rest. */
    void strike() {
        struck.countDown();
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
        struck.countDown();
        thread.interrupt();
    }
}
