package io.partnersignals.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as a normal exit: the JVM's own handler exits with 128 + the signal's number
 * (143 for SIGTERM) even after a clean stop; this one starts the same orderly shutdown (the shutdown
 * hooks run) with status 0, so a supervisor can tell a clean stop from a failed one.
 */
final class StopSignals {

    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);

    private StopSignals() {
    }

    static void exitZero() {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    LOG.info("SIG{} received: stopping", signal.getName());
                    System.exit(0);
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // the JVM reserves it (-Xrs) or the platform lacks it: its default handling stays
                LOG.debug("cannot handle SIG{}: {}", name, e.getMessage());
            }
        }
    }
}
