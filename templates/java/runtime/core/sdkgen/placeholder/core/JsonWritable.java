package sdkgen.placeholder.core;

import com.fasterxml.jackson.databind.JsonNode;

/** A model that writes itself as JSON (its fields by wire name, then its extra properties). */
public interface JsonWritable {
    JsonNode toJson();
}
