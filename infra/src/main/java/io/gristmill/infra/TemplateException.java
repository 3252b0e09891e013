package io.gristmill.infra;

/**
 * The template cannot be read or resolved as asked. The message always names the place (a resource,
 * parameter or path such as {@code Resources.MapQueue.Properties.VisibilityTimeout}) and, where there is
 * one, the fix: these errors reach whoever edits template.yaml or passes parameters, not a Java debugger.
 */
public class TemplateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
