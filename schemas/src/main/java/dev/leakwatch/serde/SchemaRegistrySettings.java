package dev.leakwatch.serde;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.common.config.types.Password;

/**
 * How to reach a Confluent-compatible schema registry, read from a Kafka-style configs map with
 * Confluent's key names where Confluent has one, so a producer's or consumer's existing
 * configuration works unchanged.
 *
 * @param urls                base URLs, tried in order (several for a registry cluster)
 * @param autoRegisterSchemas true to register a writer schema on first use; false (production
 *                            mode) to only look it up and fail when it is not registered
 * @param basicAuthUserInfo   {@code user:password} for HTTP basic auth, or null
 * @param trustStore          the trust store for https, or null for the JDK's default trust
 * @param keyStore            the key store holding a client certificate, or null
 * @param requestTimeout      timeout of one HTTP request, connect included
 * @param retries             extra attempts after a connect error, HTTP 5xx or 429
 */
public record SchemaRegistrySettings(
        List<URI> urls,
        boolean autoRegisterSchemas,
        String basicAuthUserInfo,
        StoreSettings trustStore,
        StoreSettings keyStore,
        Duration requestTimeout,
        int retries) {

    public static final String URL = "schema.registry.url";
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String TRUSTSTORE_PREFIX = "schema.registry.ssl.truststore";
    public static final String KEYSTORE_PREFIX = "schema.registry.ssl.keystore";
    /** leakwatch's own: Confluent's Java client has no single request timeout setting. */
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
    /** leakwatch's own: how many times to retry a request that failed for a transient reason. */
    public static final String RETRIES = "schema.registry.retries";

    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMillis(10_000);
    static final int DEFAULT_RETRIES = 3;
    private static final String DEFAULT_STORE_TYPE = "JKS";

    /** A key store or trust store file; its password never appears in {@link #toString()}. */
    public record StoreSettings(Path location, String password, String type) {
        public StoreSettings {
            if (location == null) {
                throw new IllegalArgumentException("a key or trust store needs a location");
            }
            if (type == null || type.isBlank()) {
                throw new IllegalArgumentException("a key or trust store needs a type such as JKS or PKCS12");
            }
        }

        @Override
        public String toString() {
            return "StoreSettings[location=" + location + ", password=" + (password == null ? "none" : "[hidden]")
                    + ", type=" + type + "]";
        }
    }

    public SchemaRegistrySettings {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException(URL + " needs at least one URL");
        }
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException(REQUEST_TIMEOUT_MS + " must be a positive number of milliseconds");
        }
        if (retries < 0) {
            throw new IllegalArgumentException(RETRIES + " must be 0 or more, was " + retries);
        }
        if (basicAuthUserInfo != null && basicAuthUserInfo.indexOf(':') < 1) {
            throw new IllegalArgumentException(BASIC_AUTH_USER_INFO + " must have the form user:password");
        }
    }

    /** Settings with every default and the given URLs (comma-separated). */
    public static SchemaRegistrySettings of(String urls) {
        return from(Map.of(URL, urls));
    }

    /**
     * Reads the settings from a Kafka client's configs map. Values may be strings or already
     * typed (Boolean, Number, Kafka's {@link Password}); keys this class does not know are ignored,
     * since the same map configures the whole Kafka client.
     *
     * @throws IllegalArgumentException naming the key when a setting is missing or invalid
     */
    public static SchemaRegistrySettings from(Map<String, ?> configs) {
        return new SchemaRegistrySettings(
                urls(configs.get(URL)),
                bool(configs, AUTO_REGISTER_SCHEMAS, true),
                basicAuth(configs),
                store(configs, TRUSTSTORE_PREFIX, false),
                store(configs, KEYSTORE_PREFIX, true),
                Duration.ofMillis(integer(configs, REQUEST_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT.toMillis())),
                Math.toIntExact(integer(configs, RETRIES, DEFAULT_RETRIES)));
    }

    /** Keeps credentials out of logs and exception messages. */
    @Override
    public String toString() {
        String auth = basicAuthUserInfo == null ? "none"
                : basicAuthUserInfo.substring(0, basicAuthUserInfo.indexOf(':')) + ":[hidden]";
        return "SchemaRegistrySettings[urls=" + urls + ", autoRegisterSchemas=" + autoRegisterSchemas
                + ", basicAuth=" + auth + ", trustStore=" + trustStore + ", keyStore=" + keyStore
                + ", requestTimeout=" + requestTimeout.toMillis() + " ms, retries=" + retries + "]";
    }

    /** The URLs as one string, for messages. */
    String describeUrls() {
        return urls.stream().map(URI::toString).collect(Collectors.joining(", "));
    }

    private static List<URI> urls(Object value) {
        String text = value instanceof Collection<?> list
                ? list.stream().map(String::valueOf).collect(Collectors.joining(","))
                : text(value);
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(URL + " is required: set it to the base URL of a Confluent-compatible"
                    + " schema registry, e.g. http://localhost:8081 (several, comma-separated, are tried in order)");
        }
        List<URI> urls = new ArrayList<>();
        for (String entry : text.split(",")) {
            if (!entry.isBlank()) {
                urls.add(url(entry.strip()));
            }
        }
        return urls;
    }

    private static URI url(String entry) {
        URI uri;
        try {
            uri = new URI(entry);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(URL + " entry '" + entry + "' is not a valid URL: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException(URL + " entry '" + entry
                    + "' must be an http:// or https:// URL with a host, e.g. http://localhost:8081");
        }
        if (uri.getRawUserInfo() != null) {
            // Credentials in the URL would end up in every error message and log line.
            throw new IllegalArgumentException(URL + " entry '" + uri.getHost() + "' carries credentials: remove them"
                    + " from the URL and set " + BASIC_AUTH_CREDENTIALS_SOURCE + "=USER_INFO and "
                    + BASIC_AUTH_USER_INFO + "=user:password instead");
        }
        // Paths are appended to the base, so a trailing slash would double up.
        return URI.create(entry.replaceAll("/+$", ""));
    }

    private static String basicAuth(Map<String, ?> configs) {
        String source = text(configs.get(BASIC_AUTH_CREDENTIALS_SOURCE));
        String userInfo = text(configs.get(BASIC_AUTH_USER_INFO));
        if (source == null || source.isBlank()) {
            if (userInfo != null && !userInfo.isBlank()) {
                // Confluent's client would silently ignore the credentials here; say so instead.
                throw new IllegalArgumentException(BASIC_AUTH_USER_INFO + " is set but " + BASIC_AUTH_CREDENTIALS_SOURCE
                        + " is not: set " + BASIC_AUTH_CREDENTIALS_SOURCE + "=USER_INFO to use it");
            }
            return null;
        }
        if (!source.strip().equalsIgnoreCase("USER_INFO")) {
            throw new IllegalArgumentException(BASIC_AUTH_CREDENTIALS_SOURCE + "=" + source
                    + " is not supported by leakwatch: use USER_INFO with " + BASIC_AUTH_USER_INFO + "=user:password");
        }
        if (userInfo == null || userInfo.indexOf(':') < 1) {
            throw new IllegalArgumentException(BASIC_AUTH_CREDENTIALS_SOURCE + "=USER_INFO needs "
                    + BASIC_AUTH_USER_INFO + " in the form user:password");
        }
        return userInfo;
    }

    private static StoreSettings store(Map<String, ?> configs, String prefix, boolean passwordRequired) {
        String location = text(configs.get(prefix + ".location"));
        String password = text(configs.get(prefix + ".password"));
        String type = text(configs.get(prefix + ".type"));
        if (location == null || location.isBlank()) {
            if (password != null || type != null) {
                throw new IllegalArgumentException(prefix + ".password or .type is set but " + prefix
                        + ".location is not: set it to the store file");
            }
            return null;
        }
        Path path = Path.of(location.strip());
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException(prefix + ".location " + path + " does not exist or is not readable");
        }
        if (passwordRequired && (password == null || password.isEmpty())) {
            throw new IllegalArgumentException(prefix + ".password is required with " + prefix + ".location");
        }
        return new StoreSettings(path, password, type == null || type.isBlank() ? DEFAULT_STORE_TYPE : type.strip());
    }

    private static boolean bool(Map<String, ?> configs, String key, boolean defaultValue) {
        Object value = configs.get(key);
        if (value instanceof Boolean b) {
            return b;
        }
        String text = text(value);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, was '" + text + "'");
        };
    }

    private static long integer(Map<String, ?> configs, String key, long defaultValue) {
        Object value = configs.get(key);
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return ((Number) value).longValue();
        }
        String text = text(value);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + text + "'", e);
        }
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof Password password ? password.value() : value.toString();
    }
}
