package io.partnersignals.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class ReferenceSerdeTest {

    /** Test double: a UTF-8 string serde that counts its decodes and refuses the payload "bad". */
    static final class CountingStringSerdeDouble implements Serde<String> {
        int decodes;

        @Override
        public Serializer<String> serializer() {
            return Serdes.String().serializer();
        }

        @Override
        public Deserializer<String> deserializer() {
            return (topic, data) -> {
                decodes++;
                String s = data == null ? null : new String(data, StandardCharsets.UTF_8);
                if ("bad".equals(s)) {
                    throw new IllegalArgumentException("cannot decode " + s);
                }
                return s;
            };
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theSameBytesAreDecodedOnceAndShareOneObject() {
        CountingStringSerdeDouble wire = new CountingStringSerdeDouble();
        ReferenceSerde<String> serde = new ReferenceSerde<>(wire, 10);
        String first = serde.deserializer().deserialize("partners", bytes("acme"));
        String second = serde.deserializer().deserialize("partners", bytes("acme"));
        assertEquals("acme", first);
        assertSame(first, second);
        assertEquals(1, wire.decodes);
    }

    @Test
    void differentBytesAreDifferentValues() {
        CountingStringSerdeDouble wire = new CountingStringSerdeDouble();
        ReferenceSerde<String> serde = new ReferenceSerde<>(wire, 10);
        assertEquals("acme", serde.deserializer().deserialize("partners", bytes("acme")));
        assertEquals("acme2", serde.deserializer().deserialize("partners", bytes("acme2")));
        assertEquals("acmf", serde.deserializer().deserialize("partners", bytes("acmf")));
        assertEquals(3, wire.decodes);
    }

    @Test
    void anArrayTheCallerChangesAfterwardsDoesNotChangeWhatIsRemembered() {
        CountingStringSerdeDouble wire = new CountingStringSerdeDouble();
        ReferenceSerde<String> serde = new ReferenceSerde<>(wire, 10);
        byte[] reused = bytes("acme");
        assertEquals("acme", serde.deserializer().deserialize("partners", reused));
        reused[3] = 'a';
        assertEquals("acma", serde.deserializer().deserialize("partners", reused));
        assertEquals("acme", serde.deserializer().deserialize("partners", bytes("acme")));
        assertEquals(2, wire.decodes);
    }

    @Test
    void aFullMemoryStartsOverAndStillDecodesCorrectly() {
        CountingStringSerdeDouble wire = new CountingStringSerdeDouble();
        ReferenceSerde<String> serde = new ReferenceSerde<>(wire, 2);
        for (int round = 0; round < 3; round++) {
            for (String s : new String[] {"a", "b", "c"}) {
                assertEquals(s, serde.deserializer().deserialize("partners", bytes(s)));
                assertTrue(serde.size() <= 2, "holds at most its capacity");
            }
        }
        assertTrue(wire.decodes > 3, "values dropped when full are decoded again");
    }

    @Test
    void aValueThatFailsToDecodeFailsEachTimeAndIsNotRemembered() {
        CountingStringSerdeDouble wire = new CountingStringSerdeDouble();
        ReferenceSerde<String> serde = new ReferenceSerde<>(wire, 10);
        assertThrows(IllegalArgumentException.class, () -> serde.deserializer().deserialize("partners", bytes("bad")));
        assertThrows(IllegalArgumentException.class, () -> serde.deserializer().deserialize("partners", bytes("bad")));
        assertEquals(2, wire.decodes);
        assertEquals(0, serde.size());
    }

    @Test
    void nullAndBufferPayloadsGoThroughTheSameRules() {
        CountingStringSerdeDouble wire = new CountingStringSerdeDouble();
        ReferenceSerde<String> serde = new ReferenceSerde<>(wire, 10);
        assertNull(serde.deserializer().deserialize("partners", null));
        int before = wire.decodes; // null is handed to the wire serde too
        byte[] backing = bytes("xxacme");
        ByteBuffer buffer = ByteBuffer.wrap(backing).position(2);
        String fromBuffer = serde.deserializer().deserialize("partners", null, buffer);
        assertEquals("acme", fromBuffer);
        assertEquals(2, buffer.position(), "the caller's buffer is not consumed");
        backing[2] = 'X'; // the consumer reuses its buffers: what is remembered must not follow
        assertSame(fromBuffer, serde.deserializer().deserialize("partners", bytes("acme")));
        assertEquals(before + 1, wire.decodes);
    }

    @Test
    void encodingIsTheWireSerdes() {
        ReferenceSerde<String> serde = new ReferenceSerde<>(new CountingStringSerdeDouble(), 10);
        assertEquals("acme", new String(serde.serializer().serialize("partners", "acme"), StandardCharsets.UTF_8));
        assertThrows(IllegalArgumentException.class, () -> new ReferenceSerde<>(Serdes.String(), 0));
    }
}
