using System.Runtime.InteropServices;
using System.Text;

namespace Hoist.Init.Interop;

/// <summary>A char*[] for argv or envp: UTF-8, NUL-terminated strings followed by a null pointer, in
/// native memory until disposed.</summary>
internal sealed unsafe class NativeStringArray : IDisposable
{
    private byte** _pointers;
    private readonly int _count;

    public NativeStringArray(IReadOnlyList<string> strings)
    {
        _count = strings.Count;
        _pointers = (byte**)NativeMemory.AllocZeroed((nuint)(_count + 1), (nuint)sizeof(byte*));
        for (var i = 0; i < _count; i++)
        {
            _pointers[i] = ToNative(strings[i]);
        }
    }

    public byte** Pointer => _pointers;

    /// <summary>A copy of <paramref name="text"/> as a NUL-terminated UTF-8 string, to free with NativeMemory.Free.</summary>
    public static byte* ToNative(string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        var bytes = (byte*)NativeMemory.Alloc((nuint)length + 1);
        Encoding.UTF8.GetBytes(text, new Span<byte>(bytes, length));
        bytes[length] = 0;
        return bytes;
    }

    public void Dispose()
    {
        if (_pointers == null)
        {
            return;
        }

        for (var i = 0; i < _count; i++)
        {
            NativeMemory.Free(_pointers[i]);
        }

        NativeMemory.Free(_pointers);
        _pointers = null;
    }
}
