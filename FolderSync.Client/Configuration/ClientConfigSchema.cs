using FolderSync.Common.Configuration;

namespace FolderSync.Client.Configuration;

/// <summary>Every key the client reads (<see cref="ClientOptions"/> and the shared sections).</summary>
internal static class ClientConfigSchema
{
    public static ConfigSchema Create() => new ConfigSchema()
        .Value(nameof(ClientOptions.Server))
        .Value(nameof(ClientOptions.Folder))
        .Value(nameof(ClientOptions.LocalPath))
        .Value(nameof(ClientOptions.StateDir))
        .Value(nameof(ClientOptions.ClientId))
        .Value(nameof(ClientOptions.Token))
        .Value(nameof(ClientOptions.ServerFingerprint))
        .Section(nameof(ClientOptions.Security), security => security
            .Value(nameof(ClientSecuritySettings.PlainTcp), ConfigValueKind.Flag))
        .Include(SharedConfigSchema.Create());
}
