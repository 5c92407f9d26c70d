package dev.sesame.os;

import java.util.Locale;

/** The operating system we run on, as far as hardening cares. */
public enum Platform {
    LINUX, MACOS, WINDOWS, OTHER;

    private static final Platform CURRENT = detect(System.getProperty("os.name", ""));

    public static Platform current() {
        return CURRENT;
    }

    static Platform detect(String osName) {
        String name = osName.toLowerCase(Locale.ROOT);
        if (name.contains("linux")) return LINUX;
        if (name.contains("mac") || name.contains("darwin")) return MACOS;
        if (name.contains("windows")) return WINDOWS;
        return OTHER;
    }
}
