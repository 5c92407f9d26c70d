package dev.sesame.chat;

import dev.sesame.mesh.DisplayNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one file Sesame ever writes: the display name, in the platform's config folder
 * ({@code $XDG_CONFIG_HOME/sesame/name} or {@code ~/.config/sesame/name} on Linux,
 * {@code ~/Library/Application Support/sesame/name} on macOS, {@code %APPDATA%\sesame\name} on
 * Windows). Written atomically (a temporary file renamed over the old one) with owner-only
 * permissions. Decoy mode uses {@link #disabled()}: it neither reads nor writes anything.
 */
public final class DisplayNameStore {
    private final Optional<Path> file;

    private DisplayNameStore(Optional<Path> file) {
        this.file = file;
    }

    public static DisplayNameStore at(Path file) {
        return new DisplayNameStore(Optional.of(file));
    }

    /** A store that never touches the disk (decoy mode). */
    public static DisplayNameStore disabled() {
        return new DisplayNameStore(Optional.empty());
    }

    /** The platform's location for this user. */
    public static DisplayNameStore forPlatform(Map<String, String> env, String osName, String userHome) {
        String os = osName.toLowerCase(Locale.ROOT);
        Path folder;
        if (os.contains("windows")) {
            String appData = env.get("APPDATA");
            folder = appData != null && !appData.isBlank() ? Path.of(appData, "sesame") : Path.of(userHome, "AppData", "Roaming", "sesame");
        } else if (os.contains("mac")) {
            folder = Path.of(userHome, "Library", "Application Support", "sesame");
        } else {
            String xdg = env.get("XDG_CONFIG_HOME");
            folder = xdg != null && xdg.startsWith("/") ? Path.of(xdg, "sesame") : Path.of(userHome, ".config", "sesame");
        }
        return at(folder.resolve("name"));
    }

    public Optional<Path> file() {
        return file;
    }

    public Optional<String> load() {
        if (file.isEmpty() || !Files.isRegularFile(file.get())) return Optional.empty();
        try {
            if (Files.size(file.get()) > 4096) return Optional.empty();
            return DisplayNames.sanitize(Files.readString(file.get(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public void save(String name) throws IOException {
        if (file.isEmpty()) return;
        Path target = file.get();
        Path folder = target.getParent();
        Files.createDirectories(folder);
        Path temp = folder.resolve(".name." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.deleteIfExists(temp);
            if (Files.getFileStore(folder).supportsFileAttributeView("posix")) {
                Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(temp);
            }
            Files.writeString(temp, name, StandardCharsets.UTF_8);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Removes the stored name; true if there was one. */
    public boolean forget() throws IOException {
        return file.isPresent() && Files.deleteIfExists(file.get());
    }
}
