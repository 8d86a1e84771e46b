package io.partnersignals.connectors;

import io.partnersignals.registry.TrustStore;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The schema registry's trust store, for a registry served over HTTPS with a certificate the JVM
 * does not trust by default (a private CA): the same three settings on our connector, transforms
 * and converter. Checked when the plugin is configured, so that a missing file or a wrong password
 * fails the connector with a message naming the setting, not the first record.
 */
public final class RegistryTrustConfig {

    public static final String LOCATION = "registry.ssl.truststore.location";
    public static final String PASSWORD = "registry.ssl.truststore.password";
    public static final String TYPE = "registry.ssl.truststore.type";

    private RegistryTrustConfig() {}

    /** Adds the three settings to {@code def}. */
    public static ConfigDef define(ConfigDef def) {
        return def
                .define(LOCATION, Type.STRING, "", Importance.MEDIUM,
                        "Trust store for an https registry URL (PKCS12, JKS or PEM file); empty: the JVM's default trust.")
                .define(PASSWORD, Type.PASSWORD, null, Importance.MEDIUM,
                        "Password of " + LOCATION + " (none for PEM); give it as ${env:NAME} or ${file:path:key}.")
                .define(TYPE, Type.STRING, TrustStore.DEFAULT_TYPE, Importance.LOW, "PKCS12, JKS or PEM.");
    }

    /** The configured trust store, opened once to check it, or null when none is set. */
    public static TrustStore trustStore(AbstractConfig config) {
        String location = config.getString(LOCATION);
        Password password = config.getPassword(PASSWORD);
        try {
            TrustStore store = TrustStore.of(location, password == null ? null : password.value(), config.getString(TYPE));
            if (store != null) {
                store.load();
            }
            return store;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(LOCATION, location, e.getMessage() + "; fix " + LOCATION + ", " + PASSWORD + " or " + TYPE);
        }
    }
}
