using Hoist.Core.Storage;
using Hoist.Library.Images;
using Hoist.Library.Index;
using Hoist.Library.Packages;

namespace Hoist.Library;

/// <summary>The local library: OS images and packages side by side, under one <see cref="HoistHome"/>.</summary>
public sealed class LocalLibrary
{
    public LocalLibrary(HoistHome home)
    {
        Home = home;
        var index = new LibraryIndex(home);
        Images = new ImageStore(index);
        Packages = new PackageStore(index);
    }

    public HoistHome Home { get; }

    public ImageStore Images { get; }

    public PackageStore Packages { get; }
}
