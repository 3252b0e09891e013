package probe;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** A function whose constructor throws: its instances fail to initialise. */
public class BadInit implements RequestHandler<Map<String, Object>, String> {
    public BadInit() {
        throw new IllegalStateException("BadInit cannot start");
    }

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        return "unreachable";
    }
}
