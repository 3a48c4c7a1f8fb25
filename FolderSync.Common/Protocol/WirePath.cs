namespace FolderSync.Common.Protocol;

/// <summary>Turns a path string from the wire into a <see cref="RelativePath"/>, or fails the message.</summary>
public static class WirePath
{
    public static RelativePath Parse(string? value, string field)
    {
        if (!RelativePath.TryParse(value, out var path, out var error))
        {
            ProtocolThrow.Protocol(ErrorCode.BadPath, $"{field}: {error}");
        }

        return path;
    }

    public static RelativePath? ParseOptional(string? value, string field) => value is null ? null : Parse(value, field);
}
