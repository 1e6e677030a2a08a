package dev.gantry.translator.golden;

import java.nio.file.Path;

/** One golden case: {@code <name>.in.yaml} (manifests) and {@code <name>.out.yaml} (what they translate to). */
record GoldenCase(String name, Path input, Path output) {

    static final String IN = ".in.yaml";
    static final String OUT = ".out.yaml";

    static GoldenCase of(Path directory, String name) {
        return new GoldenCase(name, directory.resolve(name + IN), directory.resolve(name + OUT));
    }

    /** The case's name, so JUnit's report names each case. */
    @Override
    public String toString() {
        return name;
    }
}
