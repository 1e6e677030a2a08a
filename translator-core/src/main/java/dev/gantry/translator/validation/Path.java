package dev.gantry.translator.validation;

/**
 * Where a value sits in the message being validated, built as the validator descends and turned into
 * text only when a violation is reported: most values break no rule, so their paths are never printed.
 */
final class Path {

    private final Path parent;
    private final String segment;
    private final int index;

    private Path(Path parent, String segment, int index) {
        this.parent = parent;
        this.segment = segment;
        this.index = index;
    }

    static Path root(String name) {
        return new Path(null, name, -1);
    }

    /** {@code .name} */
    Path field(String name) {
        return new Path(this, "." + name, -1);
    }

    /** {@code [index]} */
    Path item(int index) {
        return new Path(this, null, index);
    }

    /** {@code [key]} or {@code <Type>}: any segment written as is. */
    Path raw(String text) {
        return new Path(this, text, -1);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        append(text);
        return text.toString();
    }

    private void append(StringBuilder text) {
        if (parent != null) {
            parent.append(text);
        }
        if (segment != null) {
            text.append(segment);
        } else {
            text.append('[').append(index).append(']');
        }
    }
}
