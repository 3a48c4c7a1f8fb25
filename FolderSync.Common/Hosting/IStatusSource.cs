using System.Text.Json.Nodes;

namespace FolderSync.Common.Hosting;

/// <summary>What a daemon answers on its status socket.</summary>
public interface IStatusSource
{
    Task<JsonObject> GetStatusAsync();
}
