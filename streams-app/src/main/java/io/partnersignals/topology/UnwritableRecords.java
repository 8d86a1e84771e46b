package io.partnersignals.topology;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Records that could not be written and cannot be dead-lettered either: a changelog or repartition
 * record (skipping one would leave the state and its changelog apart), or a dead letter itself. The
 * first one is kept so that the instance can stop with it as the reason instead of retrying forever.
 */
public final class UnwritableRecords {

    private final AtomicReference<String> first = new AtomicReference<>();

    void add(String description) {
        first.compareAndSet(null, description);
    }

    /** What could not be written first, or null when everything could. */
    public String first() {
        return first.get();
    }
}
