package dev.sesame.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sesame.cli.App;
import dev.sesame.crypto.Secret;
import dev.sesame.crypto.SecretMemory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reference implementation wiped nothing on exit. Here a whole headless run of
 * {@link App#run} (phrase key, listener, identity) ends at end of input, and afterwards every
 * byte of this process's secret memory is zero, including a secret still open at exit.
 *
 * <p>Runs in a JVM of its own (surefire execution {@code wipe-tests}): it wipes the process.
 */
class ExitWipeTest {
    @BeforeAll
    static void onlyInAJvmOfItsOwn() {
        WipeFork.require();
    }

    @Test
    void theExitPathOfAppWipesEverySecretEvenOnesStillOpen() {
        Secret stillOpen = Secret.random(32, new SecureRandom());
        assertThat(SecretMemory.global().allZero()).isFalse();
        InputStream stdin = System.in;
        PrintStream stdout = System.out;
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int code;
        try {
            System.setIn(new ByteArrayInputStream(new byte[0])); // end of input: the same as /quit
            System.setOut(new PrintStream(output, true, StandardCharsets.UTF_8));
            code = App.run(new String[] {"--headless", "--phrase-file", Tools.phraseFile("exit wipe").toString(),
                    "--bind", "127.0.0.1", "--port", "0"}, output);
        } finally {
            System.setIn(stdin);
            System.setOut(stdout);
        }
        String events = output.toString(StandardCharsets.UTF_8);
        assertThat(code).as(events).isZero();
        assertThat(events).contains("\"event\":\"ready\"").contains("\"event\":\"bye\"");

        assertThat(SecretMemory.global().isWiped()).isTrue();
        assertThat(SecretMemory.global().allZero()).isTrue();
        assertThat(SecretMemory.global().liveSecrets()).isZero();
        assertThatThrownBy(stillOpen::copy).isInstanceOf(IllegalStateException.class);
    }
}
