package io.partnersignals.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The HTTPS side of the endpoints: this instance's key and certificate (a PKCS12 keystore) and what
 * it trusts when it asks the other instances (a PKCS12 truststore, else the JVM's own CAs). Both are
 * opened when the settings are read, so a wrong path or password stops start-up, not the first request.
 */
public final class HttpTls {

    private final KeyStore keyStore;
    private final String keyStorePassword;
    private final SSLContext clientContext;

    private HttpTls(KeyStore keyStore, String keyStorePassword, SSLContext clientContext) {
        this.keyStore = keyStore;
        this.keyStorePassword = keyStorePassword;
        this.clientContext = clientContext;
    }

    /**
     * Opens the keystore (which must hold a private key) and the truststore (null: the JVM's CAs).
     *
     * @throws IllegalArgumentException saying what is wrong with which file
     */
    public static HttpTls load(Path keyStorePath, String keyStorePassword, Path trustStorePath, String trustStorePassword) {
        KeyStore keys = open(keyStorePath, keyStorePassword, "keystore");
        try {
            boolean hasKey = false;
            for (String alias : Collections.list(keys.aliases())) {
                hasKey |= keys.isKeyEntry(alias);
            }
            if (!hasKey) {
                throw new IllegalArgumentException("keystore " + keyStorePath + " holds no private key: it needs this "
                        + "instance's key and certificate (keytool -genkeypair or openssl pkcs12 -export)");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStorePath == null ? null : open(trustStorePath, trustStorePassword, "truststore"));
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, trust.getTrustManagers(), null);
            return new HttpTls(keys, keyStorePassword, client);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static KeyStore open(Path path, String password, String what) {
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password == null ? new char[0] : password.toCharArray());
            return store;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(what + " " + path + " does not exist");
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
                throw new IllegalArgumentException("wrong password for " + what + " " + path);
            }
            throw new IllegalArgumentException(what + " " + path + " cannot be read as PKCS12: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(what + " " + path + " cannot be read as PKCS12: " + e.getMessage());
        }
    }

    KeyStore keyStore() {
        return keyStore;
    }

    String keyStorePassword() {
        return keyStorePassword;
    }

    /** What {@link PeerClient} uses to ask the other instances over HTTPS. */
    SSLContext clientContext() {
        return clientContext;
    }

    @Override
    public String toString() {
        return "HttpTls[PKCS12]"; // never the password
    }
}
