package dev.gantry.cli;

/** Input the command cannot use: the message names the file, the object (as far as known) and the problem. */
final class InputProblem extends Exception {

    InputProblem(String source, String object, String problem) {
        super(source + (object == null ? "" : ": " + object) + ": " + problem);
    }
}
