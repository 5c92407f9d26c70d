package dev.sesame.ui.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;

/**
 * Fuzz target: the terminal sanitiser, which stands between peers' text and the screen
 * (docs/SECURITY.md, "Terminal"). Whatever comes in, nothing goes out that a terminal would
 * interpret: no C0 control but the kept line break, no DEL, no C1, no lone surrogate, no
 * bidirectional or other format character; and sanitising twice changes nothing.
 */
class SanitizerFuzzTest {
    @FuzzTest
    void sanitize(@NotNull String untrusted) {
        String text = Sanitizer.text(untrusted);
        String line = Sanitizer.line(untrusted);
        assertHarmless(text, true);
        assertHarmless(line, false);
        assertThat(Sanitizer.text(text)).isEqualTo(text);
        assertThat(Sanitizer.line(line)).isEqualTo(line);
    }

    private static void assertHarmless(String out, boolean breaksAllowed) {
        out.codePoints().forEach(cp -> {
            if (cp == '\n' && breaksAllowed) return;
            assertThat(cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f))
                    .as("control U+%04X in %s", cp, out).isFalse();
            int type = Character.getType(cp);
            assertThat(type == Character.FORMAT || type == Character.SURROGATE || type == Character.PRIVATE_USE)
                    .as("invisible or unpaired U+%04X", cp).isFalse();
        });
    }
}
