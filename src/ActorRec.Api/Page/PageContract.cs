using System.Text.Json;
using ActorRec.Contracts.V1;
using Google.Protobuf.Reflection;

namespace ActorRec.Api.Page;

/// <summary>
/// The wire contract as the page's protobuf codec reads it: every message of the public services with its fields'
/// numbers and types, taken from the compiled descriptors, so that the page's script holds no copy of the .proto files
/// that could drift from them. Also the page's settings.
/// </summary>
internal static class PageContract
{
    public static byte[] Build(PageOptions options)
    {
        var messages = new SortedDictionary<string, MessageDescriptor>(StringComparer.Ordinal);
        foreach (var file in new[] { RecommenderReflection.Descriptor, ModelAdminReflection.Descriptor, CatalogReflection.Descriptor })
        {
            foreach (var message in file.MessageTypes)
            {
                Collect(message, messages);
            }
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("pollMilliseconds", (long)options.PollInterval.TotalMilliseconds);
            json.WriteStartObject("messages");
            foreach (var (name, message) in messages)
            {
                json.WriteStartArray(name);
                foreach (var field in message.Fields.InFieldNumberOrder())
                {
                    json.WriteStartObject();
                    json.WriteString("name", field.JsonName);
                    json.WriteNumber("number", field.FieldNumber);
                    json.WriteString("type", field.FieldType.ToString().ToLowerInvariant());
                    json.WriteBoolean("repeated", field.IsRepeated);
                    json.WriteBoolean("map", field.IsMap);
                    if (field.FieldType == FieldType.Message)
                    {
                        json.WriteString("message", field.MessageType.FullName);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The message and every message its fields hold (map entries, Duration, Timestamp), once each.</summary>
    private static void Collect(MessageDescriptor message, SortedDictionary<string, MessageDescriptor> messages)
    {
        if (!messages.TryAdd(message.FullName, message))
        {
            return;
        }

        foreach (var field in message.Fields.InDeclarationOrder().Where(f => f.FieldType == FieldType.Message))
        {
            Collect(field.MessageType, messages);
        }
    }
}
