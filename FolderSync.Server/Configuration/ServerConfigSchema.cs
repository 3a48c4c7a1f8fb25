using FolderSync.Common.Configuration;

namespace FolderSync.Server.Configuration;

/// <summary>Every key the server reads (<see cref="ServerOptions"/> and the shared sections).</summary>
internal static class ServerConfigSchema
{
    public static ConfigSchema Create() => new ConfigSchema()
        .Value(nameof(ServerOptions.Listen))
        .Value(nameof(ServerOptions.StateDir))
        .Map(nameof(ServerOptions.Folders), "<name>", folder => folder
            .Value(nameof(FolderOptions.Path))
            .Value(nameof(FolderOptions.Access))
            .Section(nameof(FolderOptions.History), history => history
                .Value(nameof(History.HistoryOptions.KeepDays), ConfigValueKind.Number)
                .Value(nameof(History.HistoryOptions.MaxBytes), ConfigValueKind.LongNumber)))
        .Map(nameof(ServerOptions.Clients), "<id>", client => client
            .Value(nameof(ClientEntryOptions.Token))
            .List(nameof(ClientEntryOptions.Folders)))
        .Section(nameof(ServerOptions.Security), security => security
            .Value(nameof(ServerSecuritySettings.PlainTcp), ConfigValueKind.Flag)
            .Value(nameof(ServerSecuritySettings.MaxConnections), ConfigValueKind.Number)
            .Value(nameof(ServerSecuritySettings.MaxSessionsPerClient), ConfigValueKind.Number))
        .Include(SharedConfigSchema.Create());
}
