package io.partnersignals.crawler;

import java.util.Map;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/** Test double: what the worker hands a task, here only its configuration and stored offsets. */
record SourceTaskContextDouble(Map<String, String> configs, OffsetStorageReader offsetStorageReader) implements SourceTaskContext {

    @Override
    public PluginMetrics pluginMetrics() {
        return null;
    }
}
