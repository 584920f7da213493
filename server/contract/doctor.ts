/** What `npm run doctor` is given to try a real WebRTC connection from outside. */
export interface DoctorProbe {
  livekitUrl: string;
  token: string;
}
