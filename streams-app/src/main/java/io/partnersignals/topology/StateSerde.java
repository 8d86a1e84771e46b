package io.partnersignals.topology;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.partnersignals.model.PartnerState;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of the per-partner state in RocksDB and its changelog: CBOR, compact and tolerant of
 * fields added later (unknown fields are ignored, missing ones keep their defaults).
 */
final class StateSerde implements Serde<PartnerState> {

    private static final ObjectMapper MAPPER = new ObjectMapper(CBORFactory.builder()
                    // map keys are ids and URLs, not field names: interning them would only grow the heap
                    .disable(com.fasterxml.jackson.core.JsonFactory.Feature.INTERN_FIELD_NAMES)
                    .disable(com.fasterxml.jackson.core.JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
                    .build())
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @Override
    public Serializer<PartnerState> serializer() {
        return (topic, state) -> {
            if (state == null) {
                return null;
            }
            try {
                return MAPPER.writeValueAsBytes(state);
            } catch (IOException e) {
                throw new SerializationException("cannot encode the state of partner " + state.getPartnerId(), e);
            }
        };
    }

    @Override
    public Deserializer<PartnerState> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return MAPPER.readValue(bytes, PartnerState.class);
            } catch (IOException e) {
                throw new SerializationException("cannot decode a partner state from " + topic, e);
            }
        };
    }
}
