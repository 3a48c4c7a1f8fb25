namespace FolderSync.Common.Metrics;

/// <summary>A daemon's service: what it exports on <c>Metrics:Listen</c>.</summary>
public interface IMetricsSource
{
    Task<PrometheusText> GetMetricsAsync();
}
