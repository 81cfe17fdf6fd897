package dev.tern.protocol.command;

/**
 * One command line, split: the verb, the verb as the client spelled it, and the rest of the
 * line after the white space that follows the verb, trailing white space removed ({@code ""} when
 * there is none).
 */
public record Command(Verb verb, String name, String argument) {

    public boolean hasArgument() {
        return !argument.isEmpty();
    }

    @Override
    public String toString() {
        return argument.isEmpty() ? name : name + " " + argument;
    }
}
