package dev.gantry.translator.features.transformation;

/** A template, extractor or regex that cannot be translated; the message says what and where. */
public final class TemplateException extends IllegalArgumentException {

    public TemplateException(String message) {
        super(message);
    }
}
