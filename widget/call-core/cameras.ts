/** A camera this device has, and which way it faces when the device says (phones do). */
export interface Camera {
  id: string;
  label: string;
  facing?: 'front' | 'rear';
}

/** Capabilities say which way a camera faces; older browsers only say it in the label. */
function facingOf(device: MediaDeviceInfo): Camera['facing'] {
  const capabilities = 'getCapabilities' in device ? (device as InputDeviceInfo).getCapabilities() : undefined;
  const modes = capabilities?.facingMode ?? [];
  if (modes.includes('environment') || /\b(back|rear)\b|environment/i.test(device.label)) return 'rear';
  if (modes.includes('user') || /\bfront\b|\buser\b/i.test(device.label)) return 'front';
  return undefined;
}

/** The cameras the browser lists (with names once the page was allowed a camera). */
export async function listCameras(): Promise<Camera[]> {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices
    .filter((d) => d.kind === 'videoinput' && d.deviceId)
    .map((d) => {
      const facing = facingOf(d);
      return { id: d.deviceId, label: d.label, ...(facing ? { facing } : {}) };
    });
}
