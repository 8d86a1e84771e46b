package io.partnersignals.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.DslStoreFormat;
import org.apache.kafka.streams.kstream.EmitStrategy;
import org.apache.kafka.streams.state.DslWindowParams;
import org.apache.kafka.streams.state.TimestampedBytesStore;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.Test;

class CheckpointedWindowStoresTest {

    private static DslWindowParams join(DslStoreFormat format) {
        return new DslWindowParams("harmful-ask-join-store-this-join-store", Duration.ofDays(29), Duration.ofDays(28),
                true, EmitStrategy.onWindowUpdate(), false, format);
    }

    @Test
    @SuppressWarnings("deprecation")
    void aJoinWindowStoreLeavesItsOffsetToTheCheckpointFile() {
        WindowBytesStoreSupplier supplier = new CheckpointedWindowStores().windowStore(join(DslStoreFormat.PLAIN));
        WindowStore<Bytes, byte[]> store = supplier.get();
        assertThat(store).isInstanceOf(CheckpointedWindowStores.FileCheckpointed.class);
        assertThat(store.managesOffsets()).isFalse();
        assertThat(store.persistent()).isTrue();
        assertThat(store.name()).isEqualTo("harmful-ask-join-store-this-join-store");
        assertThat(supplier.retainDuplicates()).isTrue();
        assertThat(supplier.windowSize()).isEqualTo(Duration.ofDays(28).toMillis());
        assertThat(supplier.retentionPeriod()).isEqualTo(Duration.ofDays(29).toMillis());
    }

    @Test
    void aTimestampedWindowStoreKeepsItsType() {
        WindowStore<Bytes, byte[]> store = new CheckpointedWindowStores().windowStore(join(DslStoreFormat.TIMESTAMPED)).get();
        assertThat(store).isInstanceOf(TimestampedBytesStore.class)
                .isNotInstanceOf(CheckpointedWindowStores.FileCheckpointed.class);
    }
}
