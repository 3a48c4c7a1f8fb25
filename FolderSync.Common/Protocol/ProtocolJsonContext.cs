using System.Text.Json.Serialization;

namespace FolderSync.Common.Protocol;

/// <summary>
/// Source-generated serializer for frame headers. Strict on input: duplicate keys, a missing field
/// or null in a non-nullable one fail the frame. Unknown extra properties are ignored (forward compatible).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    AllowDuplicateProperties = false,
    AllowOutOfOrderMetadataProperties = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    NumberHandling = JsonNumberHandling.Strict,
    MaxDepth = 16)]
[JsonSerializable(typeof(Message))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;
