package io.partnersignals.crawler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.util.ConnectorUtils;

/**
 * Kafka Connect source connector that crawls partners' web sites into the {@code web.crawl} topic.
 * The partners are split across the tasks; each task crawls its own and keeps their page offsets.
 */
public class CrawlerSourceConnector extends SourceConnector {

    static final String VERSION = Optional.ofNullable(CrawlerSourceConnector.class.getPackage().getImplementationVersion())
            .orElse("dev");

    private Map<String, String> props;
    private List<String> partners;

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        CrawlerConfig config = new CrawlerConfig(props);
        this.props = Map.copyOf(props);
        this.partners = config.getList(CrawlerConfig.PARTNERS);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return CrawlerSourceTask.class;
    }

    /** Contiguous groups of partners, at most one task per partner. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (List<String> group : ConnectorUtils.groupPartitions(partners, Math.min(maxTasks, partners.size()))) {
            Map<String, String> task = new HashMap<>(props);
            task.put(CrawlerConfig.PARTNERS, String.join(",", group));
            configs.add(task);
        }
        return configs;
    }

    @Override
    public void stop() {
        // nothing runs in the connector itself
    }

    @Override
    public ConfigDef config() {
        return CrawlerConfig.DEFINITION;
    }

    /** Also checks the per-partner keys, which the ConfigDef cannot name; their problems show on {@code partners}. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        if (config.configValues().stream().allMatch(v -> v.errorMessages().isEmpty())) {
            try {
                new CrawlerConfig(connectorConfigs);
            } catch (ConfigException e) {
                config.configValues().stream()
                        .filter(v -> v.name().equals(CrawlerConfig.PARTNERS))
                        .findFirst()
                        .ifPresent(v -> v.addErrorMessage(e.getMessage()));
            }
        }
        return config;
    }
}
