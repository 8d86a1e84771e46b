package io.partnersignals.topology;

import io.partnersignals.contract.RiskBand;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * What was last published for a partner: its score (the next score's previousScore), the band its
 * alerts stand at (with hysteresis), and the fingerprint of the assessment, which decides whether
 * the next one is published. Ten bytes in the store: score, band, fingerprint.
 */
record Published(int score, RiskBand alertBand, long fingerprint) {

    private static final RiskBand[] BANDS = RiskBand.values();
    private static final int SIZE = 10;

    byte[] encode() {
        return ByteBuffer.allocate(SIZE).put((byte) score).put((byte) alertBand.ordinal()).putLong(fingerprint).array();
    }

    /** null for null: nothing was published yet. */
    static Published decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length != SIZE || bytes[1] < 0 || bytes[1] >= BANDS.length) {
            throw new SerializationException("not a published-score entry (" + bytes.length + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new Published(b.get(), BANDS[b.get()], b.getLong());
    }
}
