package dev.sesame.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DisplayNameStoreTest {
    @TempDir
    Path home;

    @Test
    void savesAtomicallyWithOwnerOnlyPermissionsAndLoadsItBack() throws Exception {
        DisplayNameStore store = DisplayNameStore.at(home.resolve("cfg/sesame/name"));
        store.save("Ada");
        Path file = home.resolve("cfg/sesame/name");
        assertThat(Files.readString(file)).isEqualTo("Ada");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(store.load()).contains("Ada");
        store.save("Grace");
        assertThat(store.load()).contains("Grace");
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("name"); // no temporary left
        }
        assertThat(store.forget()).isTrue();
        assertThat(store.load()).isEmpty();
        assertThat(store.forget()).isFalse();
    }

    @Test
    void aTamperedFileIsSanitisedOnLoad() throws Exception {
        Path file = home.resolve("name");
        Files.writeString(file, "\u001b]0;pwned\u0007eve");
        assertThat(DisplayNameStore.at(file).load()).contains("]0;pwnedeve");
    }

    @Test
    void theDisabledStoreNeverTouchesTheDisk() throws Exception {
        DisplayNameStore store = DisplayNameStore.disabled();
        store.save("x");
        assertThat(store.load()).isEmpty();
        assertThat(store.forget()).isFalse();
        assertThat(store.file()).isEmpty();
    }

    @Test
    void followsEachPlatformsConvention() {
        assertThat(DisplayNameStore.forPlatform(Map.of("XDG_CONFIG_HOME", "/x"), "Linux", "/home/u").file())
                .contains(Path.of("/x/sesame/name"));
        assertThat(DisplayNameStore.forPlatform(Map.of(), "Linux", "/home/u").file())
                .contains(Path.of("/home/u/.config/sesame/name"));
        assertThat(DisplayNameStore.forPlatform(Map.of(), "Mac OS X", "/Users/u").file())
                .contains(Path.of("/Users/u/Library/Application Support/sesame/name"));
        assertThat(DisplayNameStore.forPlatform(Map.of("APPDATA", "C:/Users/u/AppData/Roaming"), "Windows 11", "C:/Users/u")
                .file()).contains(Path.of("C:/Users/u/AppData/Roaming/sesame/name"));
    }
}
