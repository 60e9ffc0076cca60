package dev.leakwatch.serde;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import dev.leakwatch.serde.SchemaRegistrySettings.StoreSettings;

/** Builds the TLS context for https registry URLs from the configured key and trust stores. */
final class SslContexts {
    private SslContexts() {
    }

    /** The JDK default when no store is configured, so public CAs keep working. */
    static SSLContext build(StoreSettings trustStore, StoreSettings keyStore) {
        try {
            if (trustStore == null && keyStore == null) {
                return SSLContext.getDefault();
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            // A null KeyStore means the JDK's default trust anchors.
            trust.init(trustStore == null ? null : load(trustStore, SchemaRegistrySettings.TRUSTSTORE_PREFIX));
            KeyManagerFactory keys = null;
            if (keyStore != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(keyStore, SchemaRegistrySettings.KEYSTORE_PREFIX), keyStore.password().toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS for the schema registry: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(StoreSettings store, String prefix) {
        try (InputStream in = Files.newInputStream(store.location())) {
            KeyStore keyStore = KeyStore.getInstance(store.type());
            keyStore.load(in, store.password() == null ? null : store.password().toCharArray());
            return keyStore;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load " + prefix + ".location " + store.location() + " as "
                    + store.type() + " (check " + prefix + ".password and " + prefix + ".type): " + e.getMessage(), e);
        }
    }
}
