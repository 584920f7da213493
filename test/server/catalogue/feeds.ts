/** A Yandex YML feed as a shop's platform writes it: two good offers and one without a link. */
export const YML = `<?xml version="1.0" encoding="UTF-8"?>
<yml_catalog date="2026-12-01 10:00">
  <shop>
    <name>Oak &amp; Linen</name>
    <currencies><currency id="RUR" rate="1"/></currencies>
    <offers>
      <offer id="chair-ash-01" available="true">
        <url>https://shop.example/products/reading-chair.html</url>
        <price>64000</price>
        <currencyId>RUR</currencyId>
        <picture>https://shop.example/images/chair-1.jpg</picture>
        <picture>https://shop.example/images/chair-2.jpg</picture>
        <name>Кресло для чтения, ясень</name>
      </offer>
      <offer id="sofa-linen-03" type="vendor.model" available="false">
        <url>https://shop.example/products/linen-sofa.html</url>
        <price>219000.50</price>
        <currencyId>RUR</currencyId>
        <typePrefix>Диван</typePrefix>
        <vendor>Oak &amp; Linen</vendor>
        <model>Linen 3</model>
      </offer>
      <offer id="no-link">
        <price>10</price>
        <name>Broken</name>
      </offer>
    </offers>
  </shop>
</yml_catalog>`;
