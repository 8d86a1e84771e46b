package io.partnersignals.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificates a TLS client trusts, from a file: PKCS12 or JKS (with the store's password), or
 * PEM (one or more certificates, no password), as Kafka's {@code ssl.truststore.*} settings name
 * them. Opening it checks the file and the password at once, so a mistake stops start-up with a
 * message that names the file and what is wrong instead of failing the first TLS handshake.
 *
 * @param location the file
 * @param password the store's password; null for PEM or a store without one
 * @param type PKCS12, JKS or PEM; null means PKCS12
 */
public record TrustStore(Path location, String password, String type) {

    public static final String DEFAULT_TYPE = "PKCS12";

    public TrustStore {
        Objects.requireNonNull(location, "trust store location");
        type = type == null || type.isBlank() ? DEFAULT_TYPE : type.strip().toUpperCase(Locale.ROOT);
        if (!type.equals("PKCS12") && !type.equals("JKS") && !type.equals("PEM")) {
            throw new IllegalArgumentException("trust store type must be PKCS12, JKS or PEM, got " + type);
        }
        password = password == null || password.isEmpty() ? null : password;
    }

    /** A trust store, or null when {@code location} is empty: then the JVM's default trust applies. */
    public static TrustStore of(String location, String password, String type) {
        return location == null || location.isBlank() ? null : new TrustStore(Path.of(location.strip()), password, type);
    }

    /**
     * Loads the certificates.
     *
     * @throws IllegalArgumentException naming the file and the problem: missing, unreadable, wrong
     *     password, not a store of this type, no certificate in it
     */
    public KeyStore load() {
        if (!Files.isRegularFile(location)) {
            throw new IllegalArgumentException("trust store " + location + " does not exist or is not a file");
        }
        try (InputStream in = Files.newInputStream(location)) {
            KeyStore store;
            if (type.equals("PEM")) {
                store = KeyStore.getInstance(DEFAULT_TYPE);
                store.load(null, null);
                Collection<? extends Certificate> certificates =
                        CertificateFactory.getInstance("X.509").generateCertificates(in);
                int i = 0;
                for (Certificate c : certificates) {
                    store.setCertificateEntry("ca-" + i++, c);
                }
            } else {
                store = KeyStore.getInstance(type);
                store.load(in, password == null ? null : password.toCharArray());
            }
            if (store.size() == 0) {
                throw new IllegalArgumentException("trust store " + location + " (" + type + ") holds no certificate");
            }
            return store;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("trust store " + location + " does not exist", e);
        } catch (IOException e) {
            // KeyStore.load reports a wrong password as an IOException caused by UnrecoverableKeyException
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new IllegalArgumentException("the password of trust store " + location + " is wrong", e);
            }
            throw new IllegalArgumentException("cannot read trust store " + location + " as " + type + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read trust store " + location + " as " + type + ": " + e.getMessage(), e);
        }
    }

    /** A TLS context that trusts exactly these certificates (and checks host names as usual). */
    public SSLContext sslContext() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use trust store " + location + ": " + e.getMessage(), e);
        }
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "TrustStore[" + location + ", " + type + (password == null ? "" : ", password ***") + "]";
    }
}
