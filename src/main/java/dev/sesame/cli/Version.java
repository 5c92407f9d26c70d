package dev.sesame.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the version in the jar's manifest, or "development" when run from classes. */
public final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Version.class.getPackage().getImplementationVersion();
        return new String[] {"sesame " + (version == null ? "development" : version), "protocol version 1"};
    }
}
