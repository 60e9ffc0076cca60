package dev.leakwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaRegistrySettingsTest {

    @Test
    void appliesConfluentLikeDefaults() {
        SchemaRegistrySettings settings = SchemaRegistrySettings.of("http://registry:8081");

        assertThat(settings.urls()).containsExactly(URI.create("http://registry:8081"));
        assertThat(settings.autoRegisterSchemas()).isTrue();
        assertThat(settings.basicAuthUserInfo()).isNull();
        assertThat(settings.trustStore()).isNull();
        assertThat(settings.keyStore()).isNull();
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.retries()).isEqualTo(3);
    }

    @Test
    void missingUrlSaysWhatToSet() {
        assertThatThrownBy(() -> SchemaRegistrySettings.from(Map.of("bootstrap.servers", "kafka:9092")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema.registry.url is required")
                .hasMessageContaining("http://localhost:8081");
    }

    @Test
    void readsACommaSeparatedListInOrderWithoutTrailingSlashes() {
        SchemaRegistrySettings settings = SchemaRegistrySettings.of(" http://a:8081/ , https://b:8081/apis/ccompat/v7/ ");

        assertThat(settings.urls()).containsExactly(URI.create("http://a:8081"), URI.create("https://b:8081/apis/ccompat/v7"));
    }

    @Test
    void rejectsAUrlThatIsNotHttp() {
        assertThatThrownBy(() -> SchemaRegistrySettings.of("registry:8081"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'registry:8081' must be an http:// or https:// URL");
    }

    @Test
    void rejectsCredentialsInTheUrlWithoutRepeatingThem() {
        assertThatThrownBy(() -> SchemaRegistrySettings.of("http://bob:hunter2@registry:8081"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("basic.auth.credentials.source=USER_INFO")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void readsTypedAndTextualValues() {
        SchemaRegistrySettings settings = SchemaRegistrySettings.from(Map.of(
                SchemaRegistrySettings.URL, List.of("http://a:8081", "http://b:8081"),
                SchemaRegistrySettings.AUTO_REGISTER_SCHEMAS, false,
                SchemaRegistrySettings.REQUEST_TIMEOUT_MS, 2500,
                SchemaRegistrySettings.RETRIES, "0",
                SchemaRegistrySettings.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO",
                SchemaRegistrySettings.BASIC_AUTH_USER_INFO, new Password("svc:pw")));

        assertThat(settings.urls()).hasSize(2);
        assertThat(settings.autoRegisterSchemas()).isFalse();
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(settings.retries()).isZero();
        assertThat(settings.basicAuthUserInfo()).isEqualTo("svc:pw");
    }

    @Test
    void rejectsABooleanThatIsNotTrueOrFalse() {
        assertThatThrownBy(() -> settings(SchemaRegistrySettings.AUTO_REGISTER_SCHEMAS, "yes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("auto.register.schemas must be true or false, was 'yes'");
    }

    @Test
    void rejectsNonNumericOrNegativeTimeoutsAndRetries() {
        assertThatThrownBy(() -> settings(SchemaRegistrySettings.REQUEST_TIMEOUT_MS, "10s"))
                .hasMessageContaining("schema.registry.request.timeout.ms must be a whole number, was '10s'");
        assertThatThrownBy(() -> settings(SchemaRegistrySettings.REQUEST_TIMEOUT_MS, "0"))
                .hasMessageContaining("schema.registry.request.timeout.ms must be a positive number");
        assertThatThrownBy(() -> settings(SchemaRegistrySettings.RETRIES, "-1"))
                .hasMessageContaining("schema.registry.retries must be 0 or more");
    }

    @Test
    void userInfoWithoutItsSourceIsRejectedRatherThanIgnored() {
        assertThatThrownBy(() -> settings(SchemaRegistrySettings.BASIC_AUTH_USER_INFO, "svc:pw"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("set basic.auth.credentials.source=USER_INFO");
    }

    @Test
    void userInfoMustBeUserColonPassword() {
        assertThatThrownBy(() -> SchemaRegistrySettings.from(Map.of(
                SchemaRegistrySettings.URL, "http://a:8081",
                SchemaRegistrySettings.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO",
                SchemaRegistrySettings.BASIC_AUTH_USER_INFO, "justatoken")))
                .hasMessageContaining("basic.auth.user.info in the form user:password");
    }

    @Test
    void unsupportedCredentialSourceSaysWhatIsSupported() {
        assertThatThrownBy(() -> settings(SchemaRegistrySettings.BASIC_AUTH_CREDENTIALS_SOURCE, "SASL_INHERIT"))
                .hasMessageContaining("SASL_INHERIT is not supported")
                .hasMessageContaining("USER_INFO");
    }

    @Test
    void aMissingTrustStoreFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("truststore.jks");

        assertThatThrownBy(() -> settings("schema.registry.ssl.truststore.location", missing.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema.registry.ssl.truststore.location " + missing + " does not exist");
    }

    @Test
    void aStorePasswordWithoutItsLocationIsRejected() {
        assertThatThrownBy(() -> settings("schema.registry.ssl.keystore.password", "pw"))
                .hasMessageContaining("schema.registry.ssl.keystore.location is not");
    }

    @Test
    void buildsTlsFromKeyAndTrustStoresAndNamesTheStoreWhenThePasswordIsWrong(@TempDir Path dir) throws Exception {
        Path store = keytoolStore(dir, "changeit1");
        Map<String, Object> configs = new HashMap<>(Map.of(
                SchemaRegistrySettings.URL, "https://registry:8081",
                "schema.registry.ssl.truststore.location", store.toString(),
                "schema.registry.ssl.truststore.password", "changeit1",
                "schema.registry.ssl.truststore.type", "PKCS12",
                "schema.registry.ssl.keystore.location", store.toString(),
                "schema.registry.ssl.keystore.password", "changeit1",
                "schema.registry.ssl.keystore.type", "PKCS12"));

        assertThat(new SchemaRegistryClient(SchemaRegistrySettings.from(configs)).settings().keyStore().type()).isEqualTo("PKCS12");

        configs.put("schema.registry.ssl.keystore.password", "wrong");
        assertThatThrownBy(() -> new SchemaRegistryClient(SchemaRegistrySettings.from(configs)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot load schema.registry.ssl.keystore.location " + store);
    }

    @Test
    void toStringHidesPasswords(@TempDir Path dir) throws Exception {
        Path store = keytoolStore(dir, "changeit1");
        SchemaRegistrySettings settings = SchemaRegistrySettings.from(Map.of(
                SchemaRegistrySettings.URL, "https://registry:8081",
                SchemaRegistrySettings.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO",
                SchemaRegistrySettings.BASIC_AUTH_USER_INFO, "svc:hunter2",
                "schema.registry.ssl.keystore.location", store.toString(),
                "schema.registry.ssl.keystore.password", "changeit1"));

        assertThat(settings.toString()).contains("svc:[hidden]").doesNotContain("hunter2").doesNotContain("changeit1");
    }

    private static SchemaRegistrySettings settings(String key, String value) {
        return SchemaRegistrySettings.from(Map.of(SchemaRegistrySettings.URL, "http://a:8081", key, value));
    }

    /** A PKCS12 store with a self-signed key pair, made by the JDK's own keytool. */
    private static Path keytoolStore(Path dir, String password) throws IOException, InterruptedException {
        Path store = dir.resolve("registry-client.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "client", "-keyalg", "EC",
                "-dname", "CN=leakwatch-test", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", password)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        return store;
    }
}
