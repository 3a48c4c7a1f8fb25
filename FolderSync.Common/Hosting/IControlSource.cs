namespace FolderSync.Common.Hosting;

/// <summary>A daemon's service: the verbs it answers on its control socket besides <c>status</c>.</summary>
public interface IControlSource : IStatusSource
{
    IEnumerable<IControlHandler> ControlHandlers { get; }
}
