package dev.sesame;

import dev.sesame.cli.App;

/** Entry point: everything happens in {@link App}; this only turns its result into the exit code. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(App.run(args));
    }
}
