// The JS check's view of /vendor/qrcode.mjs: the npm package's own declarations (a global).
/// <reference path="../../../../../node_modules/qrcode-generator/dist/qrcode.d.ts" />
declare const qrcode: QRCodeFactory;
export default qrcode;
