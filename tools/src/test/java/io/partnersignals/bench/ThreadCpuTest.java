package io.partnersignals.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    private static final String APP = "tp.bench-app";
    private static final String CLIENT = APP + "-6f1c2b9e-0d4e-4b8a-9a61-3c1f0e2d7a55";

    @Test
    void streamThreadsAreTheTopologysThreadsOnly() {
        assertEquals(ThreadCpu.Kind.STREAM, ThreadCpu.kind(CLIENT + "-StreamThread-1", CLIENT, APP));
        assertEquals(ThreadCpu.Kind.STREAM, ThreadCpu.kind(CLIENT + "-StreamThread-12", CLIENT, APP));
        assertEquals(ThreadCpu.Kind.STREAM, ThreadCpu.kind(CLIENT + "-GlobalStreamThread", CLIENT, APP));
    }

    @Test
    void theClientsThreadsCountApartThoughTheProducersNameAStreamThread() {
        assertEquals(ThreadCpu.Kind.CLIENT, ThreadCpu.kind("kafka-producer-network-thread | " + CLIENT
                + "-StreamThread-1-producer", CLIENT, APP));
        assertEquals(ThreadCpu.Kind.CLIENT, ThreadCpu.kind("kafka-coordinator-heartbeat-thread | " + APP, CLIENT, APP));
        assertEquals(ThreadCpu.Kind.CLIENT, ThreadCpu.kind(CLIENT + "-StateUpdater-1", CLIENT, APP));
        assertEquals(ThreadCpu.Kind.CLIENT, ThreadCpu.kind("kafka-admin-client-thread | " + CLIENT + "-admin", CLIENT, APP));
    }

    @Test
    void otherApplicationsAndTheBrokerAreNotCounted() {
        String passThrough = "tp.bench-streams-passthrough-0b7e5d4c-1111-2222-3333-444455556666";
        assertNull(ThreadCpu.kind(passThrough + "-StreamThread-1", CLIENT, APP));
        assertNull(ThreadCpu.kind("tpw.bench-app-0b7e5d4c-1111-2222-3333-444455556666-StreamThread-1", CLIENT, APP));
        assertNull(ThreadCpu.kind("kafka-coordinator-heartbeat-thread | tpw.bench-app", CLIENT, APP));
        assertNull(ThreadCpu.kind("data-plane-kafka-request-handler-0", CLIENT, APP));
        assertNull(ThreadCpu.kind("bench-baseline", CLIENT, APP));
    }

    @Test
    void aClientIdSetByHandNamesTheThreadsToo() {
        assertEquals(ThreadCpu.Kind.STREAM, ThreadCpu.kind("scale-a-StreamThread-1", "scale-a", "bench-scale"));
        assertEquals(ThreadCpu.Kind.CLIENT, ThreadCpu.kind("scale-a-StreamThread-1-consumer", "scale-a", "bench-scale"));
    }
}
