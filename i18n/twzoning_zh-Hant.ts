<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW" sourcelanguage="en">
  <context>
    <name>TwZoning</name>
    <message>
      <location filename="../algorithms/check_results.py" line="218" />
      <source> Features: </source>
      <translation> 圖徵：</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="298" />
      <source> first.</source>
      <translation>。</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="311" />
      <source> is in </source>
      <translation> 之坐標系統為 </translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="112" />
      <source> is not an ISO date such as 2025-04-30: </source>
      <translation> 不是 ISO 日期（例如 2025-04-30）：</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="311" />
      <source>, the others in </source>
      <translation>，其他圖層為 </translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="114" />
      <source>0 = the mode of the rule set or county preset (表17); otherwise one of the modes (DECISIONS.md Q16). Any mode other than 河川區域線 needs JUSTIFICATION (or the preset's text).</source>
      <translation>0＝依規則集或縣市預設之方式（表17）；否則為下列方式之一（DECISIONS.md Q16）。河川區域線以外之方式須提供 JUSTIFICATION（或預設所載之理由）。</translation>
    </message>
    <message>
      <location filename="../algorithms/provider.py" line="0" />
      <source>0 Chains (流程)</source>
      <translation>0 流程</translation>
    </message>
    <message>
      <location filename="../algorithms/map_parcel_fields.py" line="0" />
      <source>1 Preparation</source>
      <translation>1 前置作業</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="278" />
      <source>1 when every input parcel is accounted for (assigned, flagged outside the register or unzoned) and its piece areas sum to its area within the rule set's sliver tolerance (parcel_sliver_max_area); otherwise the run fails</source>
      <translation>每一筆輸入土地均有著落（已歸入分區、標記為不列入清冊或未劃入分區），且其片段面積合計與其面積之差在規則集細碎面容許值（parcel_sliver_max_area）以內時為 1；否則執行失敗</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="94" />
      <source>1 when every input piece is counted in exactly one row and the register rows equal the registrable parcels (those with land outside urban plans and national parks); otherwise the run fails</source>
      <translation>每一輸入片段恰計入一列，且清冊列數等於應列入清冊之土地筆數（有土地位於都市計畫及國家公園以外者）時為 1；否則執行失敗</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="0" />
      <source>2 Delineation</source>
      <translation>2 分區劃設</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="0" />
      <source>3 Parcels and sporadic land</source>
      <translation>3 界線決定與零星土地</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="0" />
      <source>4 Marine resource areas</source>
      <translation>4 海洋資源地區</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="0" />
      <source>5 Register and outputs</source>
      <translation>5 清冊與成果</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="0" />
      <source>6 Result checking</source>
      <translation>6 成果檢核</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="312" />
      <source>; reproject it first (native:reprojectlayer).</source>
      <translation>；請先重新投影（native:reprojectlayer）。</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="298" />
      <source>; reproject it to </source>
      <translation>；請先重新投影至 </translation>
    </message>
    <message>
      <location filename="../algorithms/sporadic_land.py" line="40" />
      <source>A CSV (UTF-8), XLSX or GeoPackage table with the planner's answers: parcel_key (or office, section, parcel_no), rule_id (empty = every candidate of the parcel), planner_decision (accepted / refused, 同意 / 不同意) and comment. The candidate list this algorithm writes has these columns: fill planner_decision and give it back here. The same table always gives the same result.</source>
      <translation>記載規劃人員回覆之 CSV（UTF-8）、XLSX 或 GeoPackage 表格：parcel_key（或 office、section、parcel_no）、rule_id（空白＝該筆土地之所有候選）、planner_decision（accepted／refused，同意／不同意）及 comment。本演算法輸出之候選清單即含這些欄位：填寫 planner_decision 後於此提供。同一表格恆得相同結果。</translation>
    </message>
    <message>
      <location filename="../algorithms/base.py" line="151" />
      <source>A YAML file merged over the shipped national rule set (same structure as core/rules/*.yaml). Leave empty to use the national rules. Every value it changes is recorded as a local rule (因地制宜) in the outputs.</source>
      <translation>疊加於內建全國規則集之 YAML 檔（結構同 core/rules/*.yaml）。空白則採全國規則。其變更之每一項數值均以因地制宜規則記載於輸出。</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="177" />
      <source>A difference no wider than this along a cadastral or indicator line is a map offset (圖資偏移, type 1). Empty: the rule set's value (checking.tolerances.offset, 1 m).</source>
      <translation>沿地籍線或指標界線、寬度不超過此值之差異處為圖資偏移（樣態 1）。空白：採規則集之值（checking.tolerances.offset，1 公尺）。</translation>
    </message>
    <message>
      <location filename="../algorithms/base.py" line="59" />
      <source>A file cannot be written or read: </source>
      <translation>無法寫入或讀取檔案：</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="321" />
      <source>A piece of a parcel smaller than this is not a piece: it joins the neighbouring piece of the same parcel. Empty: the rule set's threshold parcel_sliver_max_area (1 m²).</source>
      <translation>宗地片段小於此面積者不單獨成立，併入同一宗地之相鄰片段。空白：採規則集門檻 parcel_sliver_max_area（1 平方公尺）。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="371" />
      <source>A point this close to the mean high tide line or an urban-plan boundary lies on it and is not listed. Empty: the rule set's value (marine.tolerances.on_line, 1 m).</source>
      <translation>與平均高潮線或都市計畫界線距離在此以內之點視為位於其上，不列出。空白：採規則集之值（marine.tolerances.on_line，1 公尺）。</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="65" />
      <source>A result polygon could not be converted to a multipolygon.</source>
      <translation>結果多邊形無法轉換為多重多邊形。</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="0" />
      <source>A 農1 block must be larger than this (「面積規模大於 25 公頃以上」, 250000 m² by default). A value other than the rule set's is recorded as a local rule (因地制宜).</source>
      <translation>農1 坵塊面積須大於此值（「面積規模大於 25 公頃以上」，預設 250000 平方公尺）。與規則集不同之值以因地制宜規則記載。</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="236" />
      <source>ANNOUNCE_DATE</source>
      <translation>公告日期（ANNOUNCE_DATE）</translation>
    </message>
    <message>
      <location filename="../algorithms/sporadic_land.py" line="210" />
      <source>Accepted candidates</source>
      <translation>同意之候選數</translation>
    </message>
    <message>
      <location filename="../algorithms/validate_inputs.py" line="110" />
      <source>An HTML report of the problems, grouped by layer and code.</source>
      <translation>問題之 HTML 報告，依圖層及代碼分組。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="387" />
      <source>An area is round when its outline stays within this fraction of its radius from the fitted circle or segment buffer. Empty: the rule set's value (marine.round_test.max_deviation_ratio, 0.075).</source>
      <translation>範圍外框與擬合之圓或線段環域之距離在半徑之此比例以內者，視為圓形。空白：採規則集之值（marine.round_test.max_deviation_ratio，0.075）。</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="171" />
      <source>Applicant (申請者)</source>
      <translation>申請者</translation>
    </message>
    <message>
      <location filename="../algorithms/sporadic_land.py" line="53" />
      <source>Apply proposals the planner has not answered</source>
      <translation>套用規劃人員尚未回覆之提議</translation>
    </message>
    <message>
      <location filename="../algorithms/zoning_statistics.py" line="74" />
      <source>Area chart (PNG)</source>
      <translation>面積圖（PNG）</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="186" />
      <source>Area, share and number of patches per class.</source>
      <translation>各分區之面積、比例及處數。</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="398" />
      <source>Areas are planar in the CRS </source>
      <translation>面積為下列坐標系統之平面面積：</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="171" />
      <source>Areas of the stage-3 tasks of the county plan: a difference inside one is type 6.</source>
      <translation>縣市國土計畫第3階段應辦事項之範圍：位於其內之差異處為樣態 6。</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="165" />
      <source>Areas where the county applies its own listed rules: a difference inside one is type 5.</source>
      <translation>縣市適用其所列因地制宜規則之範圍：位於其內之差異處為樣態 5。</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="110" />
      <source>As the rule set / county preset says</source>
      <translation>依規則集／縣市預設</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="193" />
      <source>Assessment field (國土保育用地評估結果)</source>
      <translation>國土保育用地評估結果欄位</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="250" />
      <source>Assign parcels to classes (界線決定)</source>
      <translation>界線決定（逐筆土地歸入分區）</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="103" />
      <source>Assigned parcel pieces</source>
      <translation>界線決定後宗地片段</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="149" />
      <source>Assigned parcel pieces or zoning map</source>
      <translation>界線決定後宗地片段或國土功能分區圖</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="0" />
      <source>Big5 / cp950 (older systems)</source>
      <translation>Big5／cp950（舊系統）</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="113" />
      <source>Boundary mode</source>
      <translation>界線方式</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="165" />
      <source>Building the register from pieces: </source>
      <translation>由宗地片段建立清冊：</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="65" />
      <source>Builds the river area that becomes 國土保育地區第1類 from the announced river lines, given as polygons or closed lines: the 河川區域線 (default, closed conclusion of the 38th meeting), the 水道治理計畫線, the 用地範圍線, or the parcels of a 徵收清冊 (expropriation list). Modes: a single line; 最寬 (widest: the union of the lines supplied, each part labelled with the line it comes from); 分段 (per segment: every feature is a stretch, and a stretch of a later line in the priority list is used only where no stretch of an earlier line overlaps it). The mode comes from the county preset (表17) unless MODE overrides it; any mode other than 河川區域線 requires a justification (繪製說明書理由), written into every output feature.</source>
      <translation>依公告之河川相關線（面或封閉線）建立劃為國土保育地區第1類之河川區域：河川區域線（預設，第 38 次會議確定結論）、水道治理計畫線、用地範圍線，或徵收清冊之土地。方式：單一線；最寬（所提供各線之聯集，各部分標註其來源線）；分段（每一圖徵為一河段，優先順序在後之線之河段，僅用於無優先順序在前之河段重疊處）。方式依縣市預設（表17），MODE 可覆寫；河川區域線以外之方式須敘明理由（繪製說明書理由），並寫入每一輸出圖徵。</translation>
    </message>
    <message>
      <location filename="../algorithms/rural_units.py" line="42" />
      <source>Builds the 鄉村區單元 (城2-1 / 城3 / 農4) and the special-purpose-zone units (城2-1) on the parcel pieces, from the parcels' former zone (nu_zone 鄉村區 / 特定專用區), and decides their sporadic land. Narrow transport or water land sticking out of a district is cut off to the neighbouring class (RDU-EXCL, SPZ-X); special-use land outside every special-purpose zone is never 城2-1 (SPZ-C); districts close to each other and separated only by 產業道路, 既成巷道 or 農水路 form one unit and the land between joins it (RDU-GAP, SPZ-3); parcels indented into a rural district up to 1 ha (RDU-UNIT), roads and waterways inside a special-purpose zone (SPZ-1) and land enclosed on four sides under 1 ha (SPZ-2) are proposed for inclusion. Per unit the cumulative inclusion not refused by the planner is compared with 1 ha and with 50 % of the original area (RDU-CUM, DECISIONS.md Q10): up to 1 ha the inclusions are accepted (standard response (3) of 表31), above it and up to 50 % they stay proposed for the council (4), above 50 % they are refused (5); a special-purpose unit must reach 2 ha after its inclusions and merges (SPZ-D): zones that 'Delineate classes' keeps as 城2-1 pending SPZ-D (pending_rule) stay 城2-1 when their unit does and otherwise go back to their fallback_class, the class of the general conditions. County presets add their rules (Taoyuan 納6, 納8, 不納入). Other rules worded 「得」 only propose; the planner answers in DECISIONS, which overrides every default. The geometric tests and their parameters are those of RULES.md §4.4 (thresholds concave_closing_radius, enclosed_min_perimeter_share, narrow_protrusion_max_width, unit_gap_max_width in the rule set).</source>
      <translation>依土地之原使用分區（nu_zone 鄉村區／特定專用區），於宗地片段上建立鄉村區單元（城2-1／城3／農4）及特定專用區單元（城2-1），並決定其零星土地。自區域狹長突出之交通或水利用地切出，歸相鄰分區（RDU-EXCL、SPZ-X）；位於所有特定專用區外之特定目的事業用地不劃為城2-1（SPZ-C）；彼此鄰近且僅以產業道路、既成巷道或農水路分隔之區域形成同一單元，其間土地併入（RDU-GAP、SPZ-3）；凹入鄉村區 1 公頃以下之土地（RDU-UNIT）、特定專用區內之道路及水路（SPZ-1）及四面包夾且未滿 1 公頃之土地（SPZ-2）提議納入。各單元未經規劃人員不同意之累計納入面積與 1 公頃及原面積之 50% 比較（RDU-CUM，DECISIONS.md Q10）：1 公頃以下同意納入（表31 制式回應（3）），逾 1 公頃且在 50% 以下者維持提議，提請審議會討論（4），逾 50% 者不同意（5）；特定專用區單元於納入零星土地及合併後須達 2 公頃（SPZ-D）：「分區劃設」暫劃為城2-1 並待 SPZ-D 檢核（pending_rule）之特定專用區，其單元達標者維持城2-1，未達者回復為其 fallback_class，即依通案條件之分類。縣市預設另加其規則（桃園市 納6、納8、不納入）。其他以「得」規定之規則僅為提議；規劃人員於 DECISIONS 回覆，其優先於所有預設。幾何檢測及其參數依 RULES.md §4.4（規則集門檻 concave_closing_radius、enclosed_min_perimeter_share、narrow_protrusion_max_width、unit_gap_max_width）。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="704" />
      <source>CSV UTF-8 (*.csv);;Excel workbook (*.xlsx)</source>
      <translation>CSV UTF-8 (*.csv);;Excel 活頁簿 (*.xlsx)</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="128" />
      <source>CSV encoding</source>
      <translation>CSV 編碼</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="141" />
      <source>CSV files (*.csv)</source>
      <translation>CSV 檔 (*.csv)</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="361" />
      <source>Cable corridor half width (m)</source>
      <translation>海底電纜廊帶半寬（公尺）</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="117" />
      <source>Cadastre source (地籍資料來源)</source>
      <translation>地籍資料來源</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="122" />
      <source>Cadastre version (地籍版本)</source>
      <translation>地籍版本</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="179" />
      <source>Candidate areas (候選範圍)</source>
      <translation>候選範圍</translation>
    </message>
    <message>
      <location filename="../algorithms/sporadic_land.py" line="96" />
      <source>Candidate workbook (XLSX)</source>
      <translation>候選清單活頁簿（XLSX）</translation>
    </message>
    <message>
      <location filename="../algorithms/rural_units.py" line="98" />
      <source>Candidates</source>
      <translation>候選</translation>
    </message>
    <message>
      <location filename="../algorithms/sporadic_land.py" line="90" />
      <source>Candidates (候選清單)</source>
      <translation>候選清單</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="300" />
      <source>Case name field (案名欄位)</source>
      <translation>案名欄位</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="188" />
      <source>Case serial number (案號流水號)</source>
      <translation>案號流水號</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="108" />
      <source>Central rivers use the switch river_boundary_mode, county rivers county_river_boundary_mode.</source>
      <translation>中央管河川採開關 river_boundary_mode，縣（市）管河川採 county_river_boundary_mode。</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="0" />
      <source>Centrally managed river (中央管河川)</source>
      <translation>中央管河川</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="217" />
      <source>Certificate (PDF)</source>
      <translation>證明書（PDF）</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="155" />
      <source>Certificate (證明書)</source>
      <translation>證明書</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="108" />
      <source>Check results (成果檢核)</source>
      <translation>成果檢核</translation>
    </message>
    <message>
      <location filename="../algorithms/validate_inputs.py" line="146" />
      <source>Checking the indicator layer: </source>
      <translation>檢查指標圖層：</translation>
    </message>
    <message>
      <location filename="../algorithms/validate_inputs.py" line="133" />
      <source>Checking the parcel layer: </source>
      <translation>檢查地籍圖層：</translation>
    </message>
    <message>
      <location filename="../algorithms/validate_inputs.py" line="48" />
      <source>Checks the cadastre (地籍) and the delineation indicator layers (劃設參考指標) before any zoning step: a projected CRS in metres (EPSG:3826 / EPSG:3825), the required parcel fields with usable types and values, unique parcel keys (地政事務所 + 地段 + 地號), null, empty and invalid geometries, overlapping parcels, and indicator layers whose names match no known indicator (with the closest names). Nothing is changed: every problem becomes one feature of the problem layer, with a code and a message in Chinese and English that says what to do.</source>
      <translation>於任何分區作業前檢查地籍及劃設參考指標圖層：以公尺為單位之投影坐標系統（EPSG:3826／EPSG:3825）、必要之地籍欄位及其可用之型態與數值、唯一之土地鍵值（地政事務所＋地段＋地號）、空值、空白及無效之幾何、重疊之土地，以及名稱無法對應任何已知指標之指標圖層（並列出最接近之名稱）。不修改任何資料：每一問題為問題圖層之一筆圖徵，含代碼及說明如何處理之中英文訊息。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="516" />
      <source>Choose a folder that exists and that you may write to, and close the file if another program (e.g. Excel) has it open.</source>
      <translation>請選擇存在且有寫入權限之資料夾，若檔案已被其他程式（例如 Excel）開啟，請先關閉。</translation>
    </message>
    <message>
      <location filename="../algorithms/base.py" line="60" />
      <source>Choose a folder that exists and that you may write to, close the file if another program (e.g. Excel) has it open, and run again.</source>
      <translation>請選擇存在且有寫入權限之資料夾，若檔案已被其他程式（例如 Excel）開啟請先關閉，然後再執行。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="0" />
      <source>Circle centres</source>
      <translation>圓心點數</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="293" />
      <source>Class field (分類欄位)</source>
      <translation>分類欄位</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="147" />
      <source>Class field of the reference map</source>
      <translation>參考圖之分類欄位</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="138" />
      <source>Class field of the submitted map</source>
      <translation>提送圖之分類欄位</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="304" />
      <source>Class field of the zones</source>
      <translation>分區圖層之分類欄位</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="197" />
      <source>Class statistics (JSON)</source>
      <translation>分區統計（JSON）</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="184" />
      <source>Class statistics (分區統計)</source>
      <translation>分區統計</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="671" />
      <source>Compare marine appendices (參考坐標附表比對)</source>
      <translation>參考坐標附表比對</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="708" />
      <source>Compared points</source>
      <translation>比對之點</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="111" />
      <source>Compares a submitted zoning map (the county's draft or its assigned parcels) with a reference map (the general-rule result of this plugin from the same indicators and cadastre, or the previous stage's map) and classifies every difference (劃設差異處) into the 7 types of the national checking (RULES.md §8): 1 map offset (圖資偏移), 2 data update (圖資更新), 3 boundary decision (界線決定: the 50 % rule, parcel slivers), 4 sporadic land (零星土地納入或剔除: the sporadicland / ruralunits rules, responses (1)-(5)), 5 county rule (因地制宜), 6 stage-3 task (第3階段應辦事項), 7 drawing error (繪製錯誤, with the class the general rule gives). Each difference carries the standard response of 表31 verbatim and whether it goes to discussion. Types 3 and 4 are recognised with the same code as the parcel algorithms and need PARCELS. Areas are planar in the CRS of the submitted map (m²).</source>
      <translation>比對提送之國土功能分區圖（縣市草案或其界線決定後之土地）與參考圖（本外掛依相同指標及地籍之通案劃設結果，或前一階段之分區圖），並將每一劃設差異處歸入全國成果檢核之 7 種樣態（RULES.md §8）：1 圖資偏移、2 圖資更新、3 界線決定（過半原則、宗地細碎面）、4 零星土地納入或剔除（sporadicland／ruralunits 之規則，制式回應（1）-（5））、5 因地制宜、6 第3階段應辦事項、7 繪製錯誤（並列出通案規則應劃之分區）。每一差異處均記載表31 之制式回應原文及是否提會討論。樣態 3 及 4 以與宗地演算法相同之程式辨識，須提供 PARCELS。面積為提送圖坐標系統之平面面積（平方公尺）。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="703" />
      <source>Comparison (比對結果)</source>
      <translation>比對結果</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="429" />
      <source>Conservation check failed: parcels would be lost or changed in area. This is a defect of the plugin: please report it with the input layers. </source>
      <translation>總量檢核未通過：土地會遺失或面積改變。此為外掛之缺陷：請連同輸入圖層回報。</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="227" />
      <source>Conservation check failed: the register would lose or repeat parcels. This is a defect of the plugin: please report it with the input layer. </source>
      <translation>總量檢核未通過：清冊會遺漏或重複土地。此為外掛之缺陷：請連同輸入圖層回報。</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="0" />
      <source>Conservation check passed</source>
      <translation>總量檢核通過</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="422" />
      <source>Conservation: input parcels </source>
      <translation>總量檢核：輸入土地 </translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="221" />
      <source>Conservation: input pieces </source>
      <translation>總量檢核：輸入片段 </translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="195" />
      <source>Control notes field (土地使用管制注意事項)</source>
      <translation>土地使用管制注意事項欄位</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="415" />
      <source>Coordinate appendix (參考坐標附表)</source>
      <translation>參考坐標附表</translation>
    </message>
    <message>
      <location filename="../algorithms/map_parcel_fields.py" line="41" />
      <source>Copies a county's cadastre into the parcel schema the other algorithms read (county, town, office, section, section_name, parcel_no, reg_area, nu_zone, nu_landuse, owner_type and the optional fields). Each schema field is matched to a source field by its name, its Chinese or English alias, or the names counties commonly use (e.g. 地號, 段號, 登記面積, 使用分區); MAPPING overrides any match. The copy is made by QGIS's 'Refactor fields' (native:refactorfields), and the mapping used is returned so it can be reused in a model or with qgis_process.</source>
      <translation>將縣市地籍複製為其他演算法讀取之地籍欄位結構（county、town、office、section、section_name、parcel_no、reg_area、nu_zone、nu_landuse、owner_type 及選填欄位）。各欄位依名稱、中英文別名或縣市常用名稱（例如 地號、段號、登記面積、使用分區）對應來源欄位；MAPPING 可覆寫任何對應。複製由 QGIS 之重構欄位演算法（native:refactorfields）執行，並傳回所用之對應，可於模型或 qgis_process 重複使用。</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="459" />
      <source>Correct these features and run again.</source>
      <translation>請修正這些圖徵後再執行。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="752" />
      <source>Could not write to the compared points: </source>
      <translation>無法寫入比對之點：</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="640" />
      <source>Could not write to the layer of points not listed: </source>
      <translation>無法寫入未列出點之圖層：</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="239" />
      <source>Could not write to the output layer: </source>
      <translation>無法寫入輸出圖層：</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="381" />
      <source>Could not write to the output: </source>
      <translation>無法寫入輸出：</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="627" />
      <source>Could not write to the point layer: </source>
      <translation>無法寫入點位圖層：</translation>
    </message>
    <message>
      <location filename="../algorithms/validate_inputs.py" line="212" />
      <source>Could not write to the problem layer: </source>
      <translation>無法寫入問題圖層：</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="185" />
      <source>Counts and areas per submitted class and difference type.</source>
      <translation>依提送分區及差異樣態之處數與面積。</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="172" />
      <source>County (直轄市、縣（市）)</source>
      <translation>直轄市、縣（市）</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="0" />
      <source>County boundary (縣市界)</source>
      <translation>縣市界</translation>
    </message>
    <message>
      <location filename="../algorithms/map_parcel_fields.py" line="58" />
      <source>County cadastre (地籍)</source>
      <translation>縣市地籍</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="174" />
      <source>County letter (△)</source>
      <translation>縣市代碼字母（△）</translation>
    </message>
    <message>
      <location filename="../algorithms/base.py" line="158" />
      <source>County preset</source>
      <translation>縣市預設</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="163" />
      <source>County rule areas (因地制宜劃設方式)</source>
      <translation>因地制宜劃設方式範圍</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="326" />
      <source>County sea area (海域管轄範圍)</source>
      <translation>海域管轄範圍</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="0" />
      <source>County-managed river (縣市管河川)</source>
      <translation>縣（市）管河川</translation>
    </message>
    <message>
      <location filename="../algorithms/sporadic_land.py" line="46" />
      <source>Decisions layer</source>
      <translation>審查決定圖層</translation>
    </message>
    <message>
      <location filename="../algorithms/sporadic_land.py" line="84" />
      <source>Decisions read: </source>
      <translation>已讀取之審查決定：</translation>
    </message>
    <message>
      <location filename="../algorithms/sporadic_land.py" line="38" />
      <source>Decisions table (審查決定)</source>
      <translation>審查決定</translation>
    </message>
    <message>
      <location filename="../algorithms/sporadic_land.py" line="253" />
      <source>Decisions that match no candidate (check the keys): </source>
      <translation>未對應任何候選之審查決定（請檢查鍵值）：</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="94" />
      <source>Delineate classes (分區劃設)</source>
      <translation>分區劃設</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="0" />
      <source>Difference area (m²)</source>
      <translation>差異面積（平方公尺）</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="0" />
      <source>Differences</source>
      <translation>差異處數</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="180" />
      <source>Differences (劃設差異處)</source>
      <translation>劃設差異處</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="0" />
      <source>Differences to discuss</source>
      <translation>須提會討論之差異處數</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="96" />
      <source>Draw or delete them, then run again.</source>
      <translation>請補繪或刪除後再執行。</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="0" />
      <source>Drawing errors (type 7)</source>
      <translation>繪製錯誤數（樣態 7）</translation>
    </message>
    <message>
      <location filename="../algorithms/zoning_statistics.py" line="26" />
      <source>Drawing-report statistics (繪製說明書統計)</source>
      <translation>繪製說明書統計</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="455" />
      <source>Each parcel key (office|section|parcel_no) must be unique: correct the duplicates.</source>
      <translation>每一土地鍵值（office|section|parcel_no）必須唯一：請修正重複者。</translation>
    </message>
    <message>
      <location filename="../algorithms/rural_units.py" line="80" />
      <source>Earlier candidates</source>
      <translation>先前之候選清單</translation>
    </message>
    <message>
      <location filename="../algorithms/validate_inputs.py" line="161" />
      <source>Errors: </source>
      <translation>錯誤：</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="181" />
      <source>Every indicator instance that can lead to a class, before precedence.</source>
      <translation>劃設順序處理前，每一可能形成分區之指標個案。</translation>
    </message>
    <message>
      <location filename="../algorithms/provider.py" line="0" />
      <source>Every result of the chain is written into this folder under a fixed name (zoning.gpkg, parcels_units.gpkg, register.xlsx, statistics.xlsx …).</source>
      <translation>流程的每項成果以固定檔名寫入此資料夾（zoning.gpkg、parcels_units.gpkg、register.xlsx、statistics.xlsx …）。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="416" />
      <source>Excel workbook (*.xlsx);;CSV UTF-8 (*.csv)</source>
      <translation>Excel 活頁簿 (*.xlsx);;CSV UTF-8 (*.csv)</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="136" />
      <source>Excel workbooks (*.xlsx)</source>
      <translation>Excel 活頁簿 (*.xlsx)</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="0" />
      <source>Excluded parcels</source>
      <translation>不列入之土地筆數</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="94" />
      <source>Expropriation list (徵收清冊)</source>
      <translation>徵收清冊</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="95" />
      <source>Features without geometry in layer </source>
      <translation>圖層中有無幾何之圖徵：</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="461" />
      <source>Features: </source>
      <translation>圖徵：</translation>
    </message>
    <message>
      <location filename="../algorithms/map_parcel_fields.py" line="73" />
      <source>Field mapping used (JSON)</source>
      <translation>所用之欄位對應（JSON）</translation>
    </message>
    <message>
      <location filename="../algorithms/map_parcel_fields.py" line="63" />
      <source>Field overrides</source>
      <translation>欄位對應覆寫</translation>
    </message>
    <message>
      <location filename="../algorithms/map_parcel_fields.py" line="98" />
      <source>Fields of the input layer: </source>
      <translation>輸入圖層之欄位：</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="370" />
      <source>Fields: </source>
      <translation>欄位：</translation>
    </message>
    <message>
      <location filename="../algorithms/sporadic_land.py" line="173" />
      <source>Finds and decides the sporadic-land candidates on the parcel pieces of 'Assign parcels to classes'. Land of one class enclosed on all sides by another class is proposed for inclusion in it when small enough: in 國1 under 2 ha (CON1-SPOR), 農2 under 2 ha in 農1 (AGR2-IN-AGR1; from 2 ha it is flagged), in the other classes by the rule set (SPOR-IN). Private land proposed for 國1 is flagged: the county may leave it out (CON1-PRIV). After the decisions, a farmland parcel split by a class boundary that leaves a piece under 0.25 ha is flagged (FARM-SPLIT, RULES.md §3.7). Rules worded 「得」 only propose; the planner accepts or refuses in a DECISIONS table and runs again. Every candidate carries the rule id, the standard response of 表31 and whether it goes to discussion, and a reason in Chinese and English. Land enclosed by a rural district or a special-purpose zone is left to 'Rural-district units'.</source>
      <translation>於「宗地界線決定」之宗地片段上找出並決定零星土地候選。某分區土地四周均被另一分區包圍且面積夠小者，提議併入該分區：國1 內未滿 2 公頃（CON1-SPOR）、農1 內未滿 2 公頃之農2（AGR2-IN-AGR1；2 公頃以上者予以標記）、其他分區依規則集（SPOR-IN）。提議劃入國1 之私有土地予以標記：縣市得不納入（CON1-PRIV）。決定後，耕地被分區界線切分而留下未滿 0.25 公頃之片段者予以標記（FARM-SPLIT，RULES.md §3.7）。以「得」規定之規則僅為提議；規劃人員於 DECISIONS 表格同意或不同意後重新執行。每一候選均記載規則代碼、表31 之制式回應、是否提請討論及中英文理由。被鄉村區或特定專用區包圍之土地由「鄉村區單元」處理。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="355" />
      <source>First number (起始編號)</source>
      <translation>起始編號</translation>
    </message>
    <message>
      <location filename="../algorithms/provider.py" line="0" />
      <source>Fixed production time (ISO) of the documents; empty for now.</source>
      <translation>文件的固定產製時間（ISO 格式）；留空則為現在時間。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="295" />
      <source>For layers whose name is not an indicator: the field holding the class of each feature (a code such as MAR1_2 or a name such as 海1-2), e.g. class_code of the candidate areas. Such a layer may also have indicator_id, indicator_name and case_name fields.</source>
      <translation>名稱非指標之圖層：記載各圖徵分類之欄位（代碼如 MAR1_2，或名稱如 海1-2），例如候選範圍之 class_code。此類圖層亦可含 indicator_id、indicator_name 及 case_name 欄位。</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="143" />
      <source>Give JUSTIFICATION (the reason stated in the 繪製說明書).</source>
      <translation>請提供 JUSTIFICATION（繪製說明書所載之理由）。</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="260" />
      <source>Give at least one indicator layer (INDICATORS).</source>
      <translation>請至少提供一個劃設參考指標圖層（INDICATORS）。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="442" />
      <source>Give at least one marine indicator layer (INDICATORS).</source>
      <translation>請至少提供一個海洋資源地區指標圖層（INDICATORS）。</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="190" />
      <source>Give at least one river line layer.</source>
      <translation>請至少提供一個河川線圖層。</translation>
    </message>
    <message>
      <location filename="../algorithms/sporadic_land.py" line="65" />
      <source>Give the decisions either as a file (DECISIONS) or as a layer (DECISIONS_LAYER), not both.</source>
      <translation>審查決定請以檔案（DECISIONS）或圖層（DECISIONS_LAYER）擇一提供，不可同時提供。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="572" />
      <source>Give the indicator areas (polygons) or lines (submarine cables).</source>
      <translation>請提供指標範圍（面）或線（海底電纜）。</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="157" />
      <source>Give the layer of that line, or choose another mode.</source>
      <translation>請提供該線之圖層，或選擇其他方式。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate_inputs.py" line="107" />
      <source>HTML files (*.html)</source>
      <translation>HTML 檔 (*.html)</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="181" />
      <source>ISO date of the zoning map's announcement, printed below the class names (e.g. 2025-04-30).</source>
      <translation>國土功能分區圖之公告日期（ISO 格式），列印於分區名稱下方（例如 2025-04-30）。</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="183" />
      <source>ISO date printed as 列印日期; empty: SOURCE_DATE_EPOCH if set, else today.</source>
      <translation>列印為列印日期之 ISO 日期；空白：有設定 SOURCE_DATE_EPOCH 時採用之，否則為今日。</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="154" />
      <source>Indicator layers (劃設參考指標)</source>
      <translation>劃設參考指標圖層</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="134" />
      <source>Indicator name field</source>
      <translation>指標名稱欄位</translation>
    </message>
    <message>
      <location filename="../algorithms/validate_inputs.py" line="164" />
      <source>Input validation found errors: </source>
      <translation>輸入資料檢查發現錯誤：</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="189" />
      <source>Issues (問題)</source>
      <translation>問題</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="177" />
      <source>Issuing office (○○局（處）)</source>
      <translation>核發機關（○○局（處））</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="0" />
      <source>Junction points</source>
      <translation>交界點數</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="118" />
      <source>Justification (繪製說明書理由)</source>
      <translation>繪製說明書理由</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="392" />
      <source>Label spacing at print scale (cm)</source>
      <translation>列印比例尺下之標註間距（公分）</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="395" />
      <source>Labels closer than this on the printed map are thinned (0.5-1 cm, 001_f01d2a00176af413.txt:1530); class junction points are always labelled; thinned points keep their numbers and rows (Q15). Empty: the rule set's value (0.5 cm).</source>
      <translation>列印地圖上距離小於此值之標註予以疏化（0.5-1 公分，001_f01d2a00176af413.txt:1530）；分類交界點一律標註；疏化之點仍保留其編號及附表列（Q15）。空白：採規則集之值（0.5 公分）。</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="156" />
      <source>Land (陸域)</source>
      <translation>陸域</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="0" />
      <source>Land area delineated (m²)</source>
      <translation>陸域劃設面積（平方公尺）</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="162" />
      <source>Land certificate: the parcels, as office|section|parcel_no (e.g. HB|0388|0012-0000), separated by ';' or new lines; printed in this order.</source>
      <translation>陸域證明書：土地以 office|section|parcel_no 表示（例如 HB|0388|0012-0000），以「;」或換行分隔；依此順序列印。</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="67" />
      <source>Land register (使用地土地清冊)</source>
      <translation>使用地土地清冊</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="0" />
      <source>Land without a class (m²)</source>
      <translation>未劃入分區之陸域面積（平方公尺）</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="0" />
      <source>Land-acquisition line (用地範圍線, red)</source>
      <translation>用地範圍線（紅線）</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="203" />
      <source>Land-use category field, sea (使用地編定類別)</source>
      <translation>海域使用地編定類別欄位</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="157" />
      <source>Land: rows per parcel (KEYS). Sea: rows per query area (QUERY).</source>
      <translation>陸域：每筆土地一列（KEYS）。海域：每一查詢範圍一列（QUERY）。</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="151" />
      <source>Land: the assigned parcel pieces (parcel schema + piece fields). Sea: the zoning map or pieces with class_code.</source>
      <translation>陸域：界線決定後之宗地片段（地籍欄位結構加片段欄位）。海域：具 class_code 之國土功能分區圖或宗地片段。</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="201" />
      <source>Last change-registration date field (最近異動登記日期)</source>
      <translation>最近異動登記日期欄位</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="257" />
      <source>Layer </source>
      <translation>圖層 </translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="364" />
      <source>Line indicators (海底電纜或管道設置範圍-纜線) become a corridor this many metres on each side of the line. Empty: the rule set's value (marine.corridor.half_width, 500 m).</source>
      <translation>線狀指標（海底電纜或管道設置範圍-纜線）轉為線兩側各此公尺數之廊帶。空白：採規則集之值（marine.corridor.half_width，500 公尺）。</translation>
    </message>
    <message>
      <location filename="../algorithms/map_parcel_fields.py" line="85" />
      <source>MAPPING must be 'schema_field=source_field' pairs separated by ';'; this part is not: </source>
      <translation>MAPPING 須為以「;」分隔之 schema_field=source_field 對；此部分不符：</translation>
    </message>
    <message>
      <location filename="../algorithms/map_parcel_fields.py" line="97" />
      <source>MAPPING names a field the input layer does not have: </source>
      <translation>MAPPING 指定了輸入圖層沒有之欄位：</translation>
    </message>
    <message>
      <location filename="../algorithms/map_parcel_fields.py" line="92" />
      <source>MAPPING names an unknown schema field: </source>
      <translation>MAPPING 指定了未知之地籍欄位：</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="312" />
      <source>Majority rule (50 %)</source>
      <translation>過半原則（50%）</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="180" />
      <source>Map announcement date (公告日期)</source>
      <translation>分區圖公告日期</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="426" />
      <source>Map image (PNG)</source>
      <translation>地圖影像（PNG）</translation>
    </message>
    <message>
      <location filename="../algorithms/map_parcel_fields.py" line="38" />
      <source>Map parcel fields to the schema (地籍欄位對應)</source>
      <translation>地籍欄位對應</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="360" />
      <source>Map the county's fields first with 'Map parcel fields to the schema' (twzoning:mapparcelfields).</source>
      <translation>請先以「地籍欄位對應」（twzoning:mapparcelfields）轉換縣市欄位。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="286" />
      <source>Marine indicator layers (海洋資源地區劃設參考指標)</source>
      <translation>海洋資源地區劃設參考指標圖層</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="408" />
      <source>Marine points (海洋資源地區點位)</source>
      <translation>海洋資源地區點位</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="529" />
      <source>Marine resource area points (海洋資源地區點位圖)</source>
      <translation>海洋資源地區點位圖</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="314" />
      <source>Mean high tide line (平均高潮線)</source>
      <translation>平均高潮線</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="129" />
      <source>Mode used</source>
      <translation>採用之方式</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="162" />
      <source>Mode: </source>
      <translation>方式：</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="596" />
      <source>More features not used: </source>
      <translation>其他未使用之圖徵：</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="166" />
      <source>Name field of the county rule areas</source>
      <translation>因地制宜範圍之名稱欄位</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="172" />
      <source>Name field of the stage-3 task areas</source>
      <translation>第3階段應辦事項範圍之名稱欄位</translation>
    </message>
    <message>
      <location filename="../algorithms/map_parcel_fields.py" line="106" />
      <source>Name them in MAPPING, e.g. </source>
      <translation>請於 MAPPING 指定，例如 </translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="0" />
      <source>National parks (國家公園範圍)</source>
      <translation>國家公園範圍</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="0" />
      <source>National-park areas: pieces inside get status national_park (not in the land register).</source>
      <translation>國家公園範圍：位於其內之片段狀態為 national_park（不列入使用地土地清冊）。</translation>
    </message>
    <message>
      <location filename="../algorithms/provider.py" line="0" />
      <source>National-park areas: their parcels are not registered.</source>
      <translation>國家公園範圍：其內土地不列入清冊。</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="0" />
      <source>National-park boundaries (國3).</source>
      <translation>國家公園範圍（國3）。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="698" />
      <source>New appendix (新附表)</source>
      <translation>新附表</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="159" />
      <source>Newer indicator versions (更新圖資)</source>
      <translation>更新圖資</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="161" />
      <source>Newer versions of some indicators (recognised by name, e.g. 自來水水質水量保護區_新版): a difference where an indicator's old and new versions differ is a data update (type 2).</source>
      <translation>部分指標之新版圖資（依名稱辨識，例如 自來水水質水量保護區_新版）：差異處位於指標新舊版本不同之處者為圖資更新（樣態 2）。</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="228" />
      <source>No font with Chinese glyphs is installed, so the certificate cannot be printed. Install one (Debian: apt-get install fonts-noto-cjk).</source>
      <translation>未安裝含中文字形之字型，無法列印證明書。請安裝（Debian：apt-get install fonts-noto-cjk）。</translation>
    </message>
    <message>
      <location filename="../algorithms/zoning_statistics.py" line="115" />
      <source>No font with Chinese glyphs is installed: the chart labels cannot be drawn. Install one (Debian: fonts-noto-cjk).</source>
      <translation>未安裝含中文字形之字型：無法繪製圖表標註。請安裝（Debian：fonts-noto-cjk）。</translation>
    </message>
    <message>
      <location filename="../algorithms/map_parcel_fields.py" line="104" />
      <source>No source field found for these required schema fields: </source>
      <translation>下列必要欄位找不到來源欄位：</translation>
    </message>
    <message>
      <location filename="../algorithms/validate_inputs.py" line="121" />
      <source>Nothing to check: give a parcel layer (PARCELS), indicator layers (INDICATORS), or both.</source>
      <translation>無可檢查之資料：請提供地籍圖層（PARCELS）、指標圖層（INDICATORS）或兩者。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="252" />
      <source>Number marine points (海洋資源地區轉折點編號)</source>
      <translation>海洋資源地區轉折點編號</translation>
    </message>
    <message>
      <location filename="../algorithms/validate_inputs.py" line="112" />
      <source>Number of errors</source>
      <translation>錯誤數</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="0" />
      <source>Number of issues</source>
      <translation>問題數</translation>
    </message>
    <message>
      <location filename="../algorithms/zoning_statistics.py" line="80" />
      <source>Number of patches</source>
      <translation>處數</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="0" />
      <source>Number of polygons</source>
      <translation>多邊形數</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="357" />
      <source>Number of the first point (Taoyuan: 1; the template 表30: 0). Empty: the rule set's marine_numbering_start (DECISIONS.md Q5).</source>
      <translation>第一點之編號（桃園市：1；表30 範本：0）。空白：採規則集之 marine_numbering_start（DECISIONS.md Q5）。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate_inputs.py" line="113" />
      <source>Number of warnings</source>
      <translation>警告數</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="0" />
      <source>Numbered points</source>
      <translation>編號點數</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="334" />
      <source>Numbering mode (編號方式)</source>
      <translation>編號方式</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="255" />
      <source>Numbers the turning points (轉折點), junction points (交界點) and circle centres (圓心點) of the marine resource area indicators and writes the WGS84 coordinate appendix (海洋資源地區-參考坐標附表), as 繪製作業辦法 art. 3 requires (RULES.md §5). Every vertex of a non-round indicator area is a turning point; a round area (a circle or the buffer of a short segment, as the reef layers publish them) gets only its centre, marked *; where areas of two classes overlap, the crossings of their outlines are junction points, numbered once and listed again under every indicator that uses them; points on the mean high tide line or on an urban-plan boundary are not listed. Numbering runs class by class (海1-1, 海1-2, 海1-3, 海2, 海3), inside a class by outline traversal per indicator (the Taoyuan practice) or strictly west to east, north to south. Line indicators (submarine cables) become a corridor of the rule set's width. Coordinates are computed in the layers' projected CRS and converted to WGS84 degrees for the table.</source>
      <translation>依繪製作業辦法第 3 條（RULES.md §5），為海洋資源地區劃設參考指標之轉折點、交界點及圓心點編號，並產製 WGS84 之海洋資源地區-參考坐標附表。非圓形指標範圍之每一頂點均為轉折點；圓形範圍（圓，或短線段之環域，如礁區圖層所公布者）僅列其圓心點，標註 *；兩分類範圍重疊處，其外框之交點為交界點，只編號一次，並於使用該點之每一指標下重複列出；位於平均高潮線或都市計畫界線上之點不列出。編號依分類逐類進行（海1-1、海1-2、海1-3、海2、海3），同一分類內依指標沿外框逐點（桃園市作法）或嚴格由西向東、由北向南。線狀指標（海底電纜）依規則集之寬度轉為廊帶。坐標於圖層投影坐標系統計算，再轉換為 WGS84 經緯度列表。</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="0" />
      <source>Off</source>
      <translation>不採用</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="175" />
      <source>Offset tolerance (m)</source>
      <translation>偏移容許寬度（公尺）</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="0" />
      <source>On</source>
      <translation>採用</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="368" />
      <source>On-line tolerance (m)</source>
      <translation>線上容許距離（公尺）</translation>
    </message>
    <message>
      <location filename="../algorithms/sporadic_land.py" line="92" />
      <source>One feature per candidate: the parcel, from / to class, rule_id, decision (proposed / accepted / refused / flagged), the 表31 standard response, whether it goes to discussion, and the reason.</source>
      <translation>每一候選一筆圖徵：土地、原分區／擬變更分區、rule_id、決定（proposed／accepted／refused／flagged，即提議／同意／不同意／標記）、表31 制式回應、是否提請討論及理由。</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="105" />
      <source>One feature per parcel piece with the parcel schema fields (county, town, office, section, section_name, parcel_no, reg_area, nu_zone, nu_landuse …) and the piece fields (class_code, class_name, status, rule_id …), e.g. the output of twzoning:assignparcels.</source>
      <translation>每一宗地片段一筆圖徵，含地籍欄位結構之欄位（county、town、office、section、section_name、parcel_no、reg_area、nu_zone、nu_landuse …）及片段欄位（class_code、class_name、status、rule_id …），例如 twzoning:assignparcels 之輸出。</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="328" />
      <source>One feature per parcel piece, with the class, its share of the parcel, the rule and the reason.</source>
      <translation>每一宗地片段一筆圖徵，含分區、占該筆土地比例、規則及理由。</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="333" />
      <source>One feature per parcel with the register wording of its class(es).</source>
      <translation>每一筆土地一筆圖徵，含清冊所載之分區文字。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate_inputs.py" line="103" />
      <source>One feature per problem found.</source>
      <translation>每一發現之問題一筆圖徵。</translation>
    </message>
    <message>
      <location filename="../algorithms/rural_units.py" line="94" />
      <source>One feature per unit (districts + inclusions not refused − exclusions not refused).</source>
      <translation>每一單元一筆圖徵（區域＋未經不同意之納入－未經不同意之排除）。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="410" />
      <source>One point per row of the appendix (a junction point listed under two indicators is two features with the same number), styled for the map.</source>
      <translation>附表每列一點（列於兩個指標下之交界點為編號相同之兩筆圖徵），已套用地圖樣式。</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="182" />
      <source>One polygon per difference with its type, standard response and reason.</source>
      <translation>每一差異處一個多邊形，含樣態、制式回應及理由。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="705" />
      <source>One row per point with its status (added, removed, moved, renumbered, unchanged).</source>
      <translation>每點一列，含其狀態（新增、刪除、移動、重新編號、未變動）。</translation>
    </message>
    <message>
      <location filename="../algorithms/map_parcel_fields.py" line="65" />
      <source>Optional 'schema_field=source_field' pairs separated by ';' (e.g. 'parcel_no=地號;reg_area=登記面積'), used instead of the automatic match for those fields.</source>
      <translation>選填，以「;」分隔之 schema_field=source_field 對（例如 parcel_no=地號;reg_area=登記面積），取代這些欄位之自動對應。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="328" />
      <source>Optional county sea area: indicator areas are clipped to it before numbering (its landward edge should follow the mean high tide line, so the clip's points there are not listed) and it frames the map.</source>
      <translation>選填之縣市海域管轄範圍：編號前先以其裁切指標範圍（其陸側邊界應沿平均高潮線，故該處之裁切點不列出），並作為地圖範圍。</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="112" />
      <source>Optional field holding the result of the 國土保育用地 assessment (RULES.md §6.5): 1 = the land becomes 國土保育用地, 0 = it is kept; empty = decided by the rule set's designations (none by default: existing buildable land is kept).</source>
      <translation>選填，記載國土保育用地評估結果之欄位（RULES.md §6.5）：1＝變更為國土保育用地，0＝維持；空白＝依規則集之編定決定（預設無：既有可建築用地維持）。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="309" />
      <source>Optional field that forces the round-area decision per feature: 1/true/是 = round (only its centre is listed), 0/false/否 = not round; empty values leave it to the automatic test.</source>
      <translation>選填，逐圖徵強制決定是否為圓形範圍之欄位：1／true／是＝圓形（僅列其圓心點），0／false／否＝非圓形；空值依自動檢測。</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="202" />
      <source>Optional field with the latest change-registration date, printed below the parcel number.</source>
      <translation>選填，記載最近異動登記日期之欄位，列印於地號下方。</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="194" />
      <source>Optional field with the 國土保育用地 assessment (1 = change, 0 = keep), as in Land register.</source>
      <translation>選填，記載國土保育用地評估結果之欄位（1＝變更，0＝維持），同「使用地土地清冊」。</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="196" />
      <source>Optional text field with further land-use control notes (permits, consent, county rules), printed after the notes the tool derives.</source>
      <translation>選填，記載其他土地使用管制注意事項（許可、同意、縣市規定）之文字欄位，列印於本工具推得之注意事項之後。</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="199" />
      <source>Optional text field with the permit granted under the Regional Planning Act, printed after 屬原區域計畫法編定之○○用地.</source>
      <translation>選填，記載依區域計畫法核准許可內容之文字欄位，列印於「屬原區域計畫法編定之○○用地」之後。</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="136" />
      <source>Optional: the name of a field whose value names each feature's indicator (for a layer holding several indicators). Layers without this field are recognised by their name.</source>
      <translation>選填：其值為各圖徵所屬指標名稱之欄位（供一個圖層含多種指標時使用）。無此欄位之圖層依圖層名稱辨識。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="344" />
      <source>Order of the indicator instances (指標案件編號順序)</source>
      <translation>指標案件編號順序</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="472" />
      <source>Order of the indicator instances: </source>
      <translation>指標案件編號順序：</translation>
    </message>
    <message>
      <location filename="../algorithms/provider.py" line="0" />
      <source>Output folder (輸出資料夾)</source>
      <translation>輸出資料夾</translation>
    </message>
    <message>
      <location filename="../algorithms/base.py" line="119" />
      <source>Outputs:</source>
      <translation>輸出：</translation>
    </message>
    <message>
      <location filename="../algorithms/validate_inputs.py" line="87" />
      <source>Overlap tolerance (m²)</source>
      <translation>重疊容許面積（平方公尺）</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="217" />
      <source>PDF (*.pdf)</source>
      <translation>PDF 檔 (*.pdf)</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="426" />
      <source>PNG (*.png)</source>
      <translation>PNG (*.png)</translation>
    </message>
    <message>
      <location filename="../algorithms/zoning_statistics.py" line="75" />
      <source>PNG images (*.png)</source>
      <translation>PNG 影像 (*.png)</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="237" />
      <source>PRINT_DATE</source>
      <translation>列印日期（PRINT_DATE）</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="221" />
      <source>Pages</source>
      <translation>頁數</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="160" />
      <source>Parcel keys (地號)</source>
      <translation>地號</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="327" />
      <source>Parcel pieces</source>
      <translation>宗地片段</translation>
    </message>
    <message>
      <location filename="../algorithms/sporadic_land.py" line="203" />
      <source>Parcel pieces after sporadic land</source>
      <translation>零星土地處理後之宗地片段</translation>
    </message>
    <message>
      <location filename="../algorithms/rural_units.py" line="88" />
      <source>Parcel pieces after the units</source>
      <translation>鄉村區單元處理後之宗地片段</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="0" />
      <source>Parcels</source>
      <translation>土地筆數</translation>
    </message>
    <message>
      <location filename="../algorithms/map_parcel_fields.py" line="70" />
      <source>Parcels (schema)</source>
      <translation>地籍（欄位結構）</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="289" />
      <source>Parcels (地籍)</source>
      <translation>地籍</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="208" />
      <source>Parcels of the expropriation list not found in PARCELS: </source>
      <translation>徵收清冊中於 PARCELS 找不到之土地：</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="0" />
      <source>Parcels outside</source>
      <translation>不列入清冊之土地筆數</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="397" />
      <source>Parcels where zones overlap (decided by precedence): </source>
      <translation>分區重疊之土地（依劃設順序決定）：</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="331" />
      <source>Parcels with their classes</source>
      <translation>土地及其分區</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="391" />
      <source>Parcels: </source>
      <translation>土地筆數：</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="198" />
      <source>Permit field (許可內容)</source>
      <translation>許可內容欄位</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="0" />
      <source>Pieces</source>
      <translation>片段數</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="395" />
      <source>Pieces covered by no zone (BND-NOZONE): </source>
      <translation>未被任何分區涵蓋之片段（BND-NOZONE）：</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="421" />
      <source>Points not listed</source>
      <translation>未列出之點</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="379" />
      <source>Points this close are one point with one number. Empty: the rule set's value (marine.tolerances.merge, 0.01 m).</source>
      <translation>距離在此以內之點視為同一點，只給一個編號。空白：採規則集之值（marine.tolerances.merge，0.01 公尺）。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="713" />
      <source>Points: </source>
      <translation>點數：</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="287" />
      <source>Polygon (or line) layers of the marine indicators, e.g. 人工魚礁區及保護礁區, 海底電纜或管道設置範圍-纜線, 港區範圍, 航道及其疏濬工程範圍. Each layer is recognised by its name (GeoPackage layer name, layer name or file name) and mapped to its class 海1-1 … 海3; a layer with a class field (CLASS_FIELD) may instead give the class per feature.</source>
      <translation>海洋資源地區指標之面（或線）圖層，例如 人工魚礁區及保護礁區、海底電纜或管道設置範圍-纜線、港區範圍、航道及其疏濬工程範圍。各圖層依名稱（GeoPackage 圖層名稱、圖層名稱或檔名）辨識並對應至其分類 海1-1 … 海3；具分類欄位（CLASS_FIELD）之圖層亦可逐圖徵指定分類。</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="163" />
      <source>Polygons of the map smaller than this are overlay artefacts: each joins the neighbour sharing its longest boundary (threshold delineation_sliver_max_area of the rule set).</source>
      <translation>分區圖中小於此面積之多邊形為疊圖殘餘：各併入共同邊界最長之相鄰多邊形（規則集門檻 delineation_sliver_max_area）。</translation>
    </message>
    <message>
      <location filename="../algorithms/zoning_statistics.py" line="52" />
      <source>Polygons with class_code (and class_name for the 農4（原） variant): the assigned parcel pieces (then the township, land-use and 國土保育用地 tables are made too) or the zoning map.</source>
      <translation>具 class_code 之多邊形（農4（原）變體另需 class_name）：界線決定後之宗地片段（此時另產製鄉鎮市區、使用地及國土保育用地統計表）或國土功能分區圖。</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="90" />
      <source>Polygons, or closed lines (rings); open lines are polygonised together and any that close no area are reported.</source>
      <translation>面，或封閉線（環）；開放線會一併構面，未圍成任何面積者予以列報。</translation>
    </message>
    <message>
      <location filename="../algorithms/zoning_statistics.py" line="56" />
      <source>Previous version (optional)</source>
      <translation>前一版本（選填）</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="182" />
      <source>Print date (列印日期)</source>
      <translation>列印日期</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="0" />
      <source>Print scale denominator</source>
      <translation>列印比例尺分母</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="400" />
      <source>Print scale denominator (0 = fit A3)</source>
      <translation>列印比例尺分母（0＝符合 A3）</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="127" />
      <source>Prints the zoning certificate of RULES.md §7 as a PDF made with a QGIS print layout. Land (陸域): for one or more parcels given by key (office|section|parcel_no, provisional numbers as the register prints them), one row each with township, section, parcel number, the class names in Chinese numerals one per line with the map's announcement date (DECISIONS.md Q1, Q2), the land-use category (國土保育用地 when designated), the land-use control notes the pieces imply plus an optional notes field, and 「屬原區域計畫法編定之○○用地」 plus an optional permit field. Sea (海域): one row per query area with its vertices in WGS84 and every class it touches. The header holds the applicant, the case number, the print date and a verification code (a keyed digest of the content), the 說明 block names the issuing office; a location map shows the parcels over the classes. Urban-plan and national-park land gets no certificate.</source>
      <translation>依 RULES.md §7 以 QGIS 列印版面產製國土功能分區證明書 PDF。陸域：依鍵值（office|section|parcel_no，暫編地號依清冊記載）指定一筆或多筆土地，每筆一列，記載鄉鎮市區、地段、地號、以國字數字逐行記載之分區名稱及分區圖公告日期（DECISIONS.md Q1、Q2）、使用地類別（經編定者為國土保育用地）、依片段推得之土地使用管制注意事項及選填之注意事項欄位，以及「屬原區域計畫法編定之○○用地」及選填之許可內容欄位。海域：每一查詢範圍一列，記載其 WGS84 頂點坐標及所涉各分區。表頭記載申請者、案號、列印日期及驗證碼（內容之金鑰雜湊值），說明欄記載核發機關；位置圖顯示土地與分區之套疊。都市計畫及國家公園土地不核發證明書。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate_inputs.py" line="102" />
      <source>Problems</source>
      <translation>問題</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="39" />
      <source>Production time (產製時間)</source>
      <translation>產製時間</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="0" />
      <source>Provisional numbers</source>
      <translation>暫編地號數</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="692" />
      <source>Published appendix (已公告附表)</source>
      <translation>已公告附表</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="253" />
      <source>Puts every parcel of the cadastre (地籍) into the zoning classes of ZONES (the output of 'Delineate classes', or any polygon layer with a class_code field). By default a parcel follows the class boundary (rule BND-FOLLOW): a parcel crossed by a boundary is split into one piece per class and the register says 「部分A、部分B」 in canonical class order (RULES.md §3.1, §3.6). Pieces smaller than the sliver tolerance are not pieces: they join the piece of the same parcel with the longest common boundary (BND-SLIVER). With the majority rule (MAJ50, DECISIONS.md Q8) a class covering at least 50 % of a parcel takes it whole, if the rule is on for every class of the parcel (off for 國1 by default); a 50/50 tie goes to the class earlier in the precedence list. Where zones overlap, the earlier class in the precedence list wins; a part covered by no zone is reported (BND-NOZONE). Pieces on the sea side of the mean high tide line, in urban plans or in national parks are flagged: they are not in the land register. Every piece carries the rule id and a reason in Chinese and English. Areas are planar in the parcel layer's projected CRS (m²).</source>
      <translation>將地籍之每一筆土地歸入 ZONES 之國土功能分區分類（「分區劃設」之輸出，或任何具 class_code 欄位之面圖層）。預設依分區界線切割（規則 BND-FOLLOW）：跨越分區界線之土地依分區切分為數個宗地片段，清冊依分區標準順序記載「部分A、部分B」（RULES.md §3.1、§3.6）。小於細碎面容許值之片段不單獨成立，併入同一宗地中共同邊界最長之片段（BND-SLIVER）。採過半原則時（MAJ50，DECISIONS.md Q8），某分區占該筆土地 50% 以上者，整筆劃入該分區，但須該筆土地所涉各分區均適用此原則（國1 預設不適用）；各占 50% 時，歸劃設順序在前之分區。分區重疊處由劃設順序在前者優先；未被任何分區涵蓋之部分予以列報（BND-NOZONE）。位於平均高潮線海側、都市計畫或國家公園內之片段予以標記：不列入使用地土地清冊。每一片段均記載規則代碼及中英文理由。面積為地籍圖層投影坐標系統之平面面積（平方公尺）。</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="292" />
      <source>Query area cannot be reprojected: feature </source>
      <translation>查詢範圍無法重新投影：圖徵 </translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="166" />
      <source>Query areas (查詢範圍)</source>
      <translation>查詢範圍</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="674" />
      <source>Reads two marine coordinate appendices (編號, X坐標, Y坐標, 備註; XLSX, or CSV such as the transcription of a published table) and lists, point by point, what was added, removed, moved or renumbered. Two points closer than the rule set's same-point tolerance (0.2 m) are the same point; a number kept in both tables whose point moved less than the move tolerance (5 km) is 'moved'. Distances are approximate metres on the ground.</source>
      <translation>讀取兩份海洋資源地區參考坐標附表（編號、X坐標、Y坐標、備註；XLSX，或 CSV，例如已公告附表之謄打），逐點列出新增、刪除、移動或重新編號者。兩點距離小於規則集之同點容許距離（0.2 公尺）者為同一點；兩表均保留之編號，其點位移動小於移動容許距離（5 公里）者為「移動」。距離為地面上之近似公尺數。</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="143" />
      <source>Reference map (通案劃設結果)</source>
      <translation>通案劃設結果（參考圖）</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="140" />
      <source>Register (CSV)</source>
      <translation>清冊（CSV）</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="135" />
      <source>Register (XLSX)</source>
      <translation>清冊（XLSX）</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="0" />
      <source>Register rows</source>
      <translation>清冊列數</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="145" />
      <source>Register table</source>
      <translation>清冊表格</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="190" />
      <source>Register workbook written, sheets: </source>
      <translation>清冊活頁簿已寫入，工作表數：</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="0" />
      <source>Registrable parcels</source>
      <translation>應列入清冊之土地筆數</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="457" />
      <source>Repair them with 'Fix geometries' (native:fixgeometries) and run again.</source>
      <translation>請以「修正幾何」（native:fixgeometries）修復後再執行。</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="191" />
      <source>Repaired geometries, unknown layers, missing fields or layers that kept a rule from applying.</source>
      <translation>已修復之幾何、無法辨識之圖層、缺少之欄位或使規則無法套用之圖層。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate_inputs.py" line="107" />
      <source>Report (HTML)</source>
      <translation>報告（HTML）</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="558" />
      <source>Reproject the indicator layers to EPSG:3826 (TWD97 / TM2) or EPSG:3825 first; points and tolerances are computed in metres and converted to WGS84 at the end.</source>
      <translation>請先將指標圖層重新投影至 EPSG:3826（TWD97 / TM2）或 EPSG:3825；點位及容許距離以公尺計算，最後再轉換為 WGS84。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="73" />
      <source>Reprojecting to the CRS of the first indicator layer: </source>
      <translation>重新投影至第一個指標圖層之坐標系統：</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="72" />
      <source>Reprojecting to the parcel CRS: </source>
      <translation>重新投影至地籍之坐標系統：</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="186" />
      <source>Review workbook (XLSX)</source>
      <translation>審查活頁簿（XLSX）</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="106" />
      <source>River</source>
      <translation>河川</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="128" />
      <source>River area (m²)</source>
      <translation>河川區域面積（平方公尺）</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="125" />
      <source>River area (河川區域)</source>
      <translation>河川區域</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="62" />
      <source>River boundary for class 1 conservation (河川區域國1界線)</source>
      <translation>河川區域國1界線</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="0" />
      <source>River-area line (河川區域線, green)</source>
      <translation>河川區域線（綠線）</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="384" />
      <source>Round test: maximum deviation (ratio of radius)</source>
      <translation>圓形檢測：最大偏差（半徑之比例）</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="307" />
      <source>Round-area field (圓形面狀欄位)</source>
      <translation>圓形面狀欄位</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="0" />
      <source>Rows of the appendix</source>
      <translation>附表列數</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="599" />
      <source>Rows: </source>
      <translation>列數：</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="0" />
      <source>Rule set (switch majority_rule)</source>
      <translation>依規則集（開關 majority_rule）</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="335" />
      <source>Rule set default</source>
      <translation>依規則集預設</translation>
    </message>
    <message>
      <location filename="../algorithms/base.py" line="149" />
      <source>Rule set overlay (YAML)</source>
      <translation>規則覆寫檔（YAML）</translation>
    </message>
    <message>
      <location filename="../algorithms/sporadic_land.py" line="255" />
      <source>Rules of the rule set not evaluated here: </source>
      <translation>規則集中未於此評估之規則：</translation>
    </message>
    <message>
      <location filename="../algorithms/sporadic_land.py" line="55" />
      <source>Rules worded 「得」 only propose: by default a proposal changes the output only once the planner accepts it in DECISIONS. When checked, every proposal not refused is applied.</source>
      <translation>以「得」規定之規則僅為提議：預設須規劃人員於 DECISIONS 同意後，提議才會改變輸出。勾選時，所有未經不同意之提議均予套用。</translation>
    </message>
    <message>
      <location filename="../algorithms/rural_units.py" line="39" />
      <source>Rural-district and special-purpose units (鄉村區單元)</source>
      <translation>鄉村區單元及特定專用區單元</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="376" />
      <source>Same-point tolerance (m)</source>
      <translation>同點容許距離（公尺）</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="402" />
      <source>Scale of the printed sea map (not smaller than 1:800,000, 001_f01d2a00176af413.txt:3553), used for label thinning and the map image. 0: the smallest round scale at which the sea area (or the indicators) fit the A3 map frame.</source>
      <translation>海域列印地圖之比例尺（不得小於 1:800,000，001_f01d2a00176af413.txt:3553），用於標註疏化及地圖影像。0：海域（或指標）可容納於 A3 圖框之最小整數比例尺。</translation>
    </message>
    <message>
      <location filename="../algorithms/map_parcel_fields.py" line="92" />
      <source>Schema fields: </source>
      <translation>地籍欄位結構之欄位：</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="156" />
      <source>Sea (海域)</source>
      <translation>海域</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="0" />
      <source>Sea area (海域)</source>
      <translation>海域</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="0" />
      <source>Sea area delineated (m²)</source>
      <translation>海域劃設面積（平方公尺）</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="168" />
      <source>Sea certificate: one polygon per row (序號); its vertices are printed in WGS84.</source>
      <translation>海域證明書：每一多邊形一列（序號）；其頂點以 WGS84 坐標列印。</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="204" />
      <source>Sea certificate: optional field with 許可用地（使）/（應） of the zones.</source>
      <translation>海域證明書：選填，記載各分區許可用地（使）／（應）之欄位。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate_inputs.py" line="165" />
      <source>See the problem layer for what to correct.</source>
      <translation>請參閱問題圖層以了解須修正之處。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="554" />
      <source>Set its CRS (usually EPSG:3826) first.</source>
      <translation>請先設定其坐標系統（通常為 EPSG:3826）。</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="0" />
      <source>Share of the block's parcel area in agricultural use (current_use), at least this (「農業生產使用面積比例達 80%」, 0.8 by default). A value other than the rule set's is recorded as a local rule (因地制宜).</source>
      <translation>坵塊內土地面積屬農業使用（current_use）之比例須達此值（「農業生產使用面積比例達 80%」，預設 0.8）。與規則集不同之值以因地制宜規則記載。</translation>
    </message>
    <message>
      <location filename="../algorithms/zoning_statistics.py" line="123" />
      <source>Sheets: </source>
      <translation>工作表數：</translation>
    </message>
    <message>
      <location filename="../algorithms/base.py" line="174" />
      <source>Shipped presets: </source>
      <translation>內建預設：</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="168" />
      <source>Skip unknown layers (report them)</source>
      <translation>略過無法辨識之圖層（並列報）</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="319" />
      <source>Sliver tolerance (m²)</source>
      <translation>細碎面容許值（平方公尺）</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="0" />
      <source>Split parcels</source>
      <translation>跨分區切分之土地筆數</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="494" />
      <source>Split the map into sheets with an index map (001_f01d2a00176af413.txt:1527).</source>
      <translation>請將地圖分幅並附圖幅接合表（001_f01d2a00176af413.txt:1527）。</translation>
    </message>
    <message>
      <location filename="../algorithms/sporadic_land.py" line="170" />
      <source>Sporadic land (零星土地)</source>
      <translation>零星土地</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="169" />
      <source>Stage-3 task areas (第3階段應辦事項)</source>
      <translation>第3階段應辦事項範圍</translation>
    </message>
    <message>
      <location filename="../algorithms/zoning_statistics.py" line="69" />
      <source>Statistics workbook (XLSX)</source>
      <translation>統計活頁簿（XLSX）</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="83" />
      <source>Step: </source>
      <translation>步驟：</translation>
    </message>
    <message>
      <location filename="../algorithms/validate_inputs.py" line="95" />
      <source>Stop with an error when a problem is found</source>
      <translation>發現問題時以錯誤中止</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="336" />
      <source>Strict west to east, north to south (由西向東、由北向南)</source>
      <translation>由西向東、由北向南</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="135" />
      <source>Submitted map (三階國土功能分區圖)</source>
      <translation>三階國土功能分區圖（提送圖）</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="183" />
      <source>Summary per class and type</source>
      <translation>依分區及樣態之摘要</translation>
    </message>
    <message>
      <location filename="../algorithms/sporadic_land.py" line="39" />
      <source>Tables (*.csv *.xlsx *.gpkg)</source>
      <translation>表格 (*.csv *.xlsx *.gpkg)</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="693" />
      <source>Tables (*.xlsx *.csv)</source>
      <translation>表格 (*.xlsx *.csv)</translation>
    </message>
    <message>
      <location filename="../algorithms/provider.py" line="93" />
      <source>Taiwan Land Zoning Toolkit (國土功能分區劃設工具)</source>
      <translation>國土功能分區劃設工具</translation>
    </message>
    <message>
      <location filename="../algorithms/provider.py" line="90" />
      <source>Taiwan land zoning (國土功能分區)</source>
      <translation>國土功能分區</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="179" />
      <source>Telephone (電話)</source>
      <translation>電話</translation>
    </message>
    <message>
      <location filename="../algorithms/sporadic_land.py" line="197" />
      <source>The OUTPUT of 'Assign parcels to classes' (twzoning:assignparcels): the parcel fields with parcel_key, class_code, share, piece_area, is_split, status, rule_id, reason.</source>
      <translation>「宗地界線決定」（twzoning:assignparcels）之 OUTPUT：地籍欄位加 parcel_key、class_code、share、piece_area、is_split、status、rule_id、reason。</translation>
    </message>
    <message>
      <location filename="../algorithms/rural_units.py" line="82" />
      <source>The OUTPUT_CANDIDATES of 'Sporadic land': they are copied into this algorithm's candidate list, so the last list of the chain holds every candidate.</source>
      <translation>「零星土地」之 OUTPUT_CANDIDATES：複製至本演算法之候選清單，使流程最後一份清單包含所有候選。</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="0" />
      <source>The announced mean high tide line (111-04-08), the land/sea boundary: where the sea area reaches landward of it, that part is land; where a gap lies seaward of it, the gap is sea.</source>
      <translation>公告之平均高潮線（111-04-08），即海陸界線：海域範圍伸入其陸側者，該部分屬陸域；其海側之空隙屬海域。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="515" />
      <source>The appendix table could not be written: </source>
      <translation>無法寫入附表：</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="505" />
      <source>The appendix table must be a .xlsx or .csv file: </source>
      <translation>附表須為 .xlsx 或 .csv 檔：</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="417" />
      <source>The appendix table; .xlsx gives one sheet per page titled 海洋資源地區-參考坐標I(WGS84) …, .csv one file whose first column names the sheet.</source>
      <translation>附表；.xlsx 每頁一個工作表，標題為 海洋資源地區-參考坐標I(WGS84) …，.csv 為單一檔案，第一欄記載工作表名稱。</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="171" />
      <source>The applicant's name printed in the header.</source>
      <translation>列印於表頭之申請者姓名。</translation>
    </message>
    <message>
      <location filename="../algorithms/zoning_statistics.py" line="77" />
      <source>The bar chart of the area by class as an image for the report (needs a font with Chinese glyphs).</source>
      <translation>各分區面積長條圖影像，供報告使用（須有含中文字形之字型）。</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="142" />
      <source>The boundary mode needs a justification: </source>
      <translation>此界線方式須敘明理由：</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="142" />
      <source>The cadastre in the parcel schema (nu_zone 原使用分區, nu_landuse 使用地, owner_type 公有/私有, current_use 國土利用現況 …), for the rules that read parcel attributes: 其他公有森林區, 自來水水質水量保護區 by zone, 鄉村區/特定專用區/工業區/農業區 from the zones, the agricultural-use shares of 農1/農5 and 國2→農3.</source>
      <translation>地籍欄位結構之地籍（nu_zone 原使用分區、nu_landuse 使用地、owner_type 公有／私有、current_use 國土利用現況 …），供讀取土地屬性之規則使用：其他公有森林區、依使用分區之自來水水質水量保護區、依使用分區之鄉村區／特定專用區／工業區／農業區、農1／農5 及國2→農3 之農業使用比例。</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="103" />
      <source>The cadastre in the parcel schema; needed only when the expropriation list is a table.</source>
      <translation>地籍欄位結構之地籍；僅於徵收清冊為表格時需要。</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="152" />
      <source>The cadastre with the parcel schema fields. Needed to recognise boundary decisions (type 3) and sporadic land (type 4), and to name the parcels of each difference.</source>
      <translation>具地籍欄位結構欄位之地籍。用於辨識界線決定（樣態 3）及零星土地（樣態 4），並列出各差異處之土地。</translation>
    </message>
    <message>
      <location filename="../algorithms/sporadic_land.py" line="99" />
      <source>The candidate list as an Excel workbook for a reviewer (filters, frozen header, a planner_decision column to fill, the rules and a README sheet); it can be given back as DECISIONS.</source>
      <translation>供審查者使用之候選清單 Excel 活頁簿（篩選、凍結表頭、待填之 planner_decision 欄、規則及說明工作表）；可再作為 DECISIONS 提供。</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="350" />
      <source>The certificate PDF could not be written: </source>
      <translation>無法寫入證明書 PDF：</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="218" />
      <source>The certificate as a PDF file.</source>
      <translation>證明書 PDF 檔。</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="337" />
      <source>The class style could not be stored in the GeoPackage: </source>
      <translation>分區樣式無法儲存於 GeoPackage：</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="710" />
      <source>The compared points in WGS84 (the new position, or the old one for removed points).</source>
      <translation>比對之點（WGS84）（新位置；刪除之點為舊位置）。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="735" />
      <source>The comparison could not be written: </source>
      <translation>無法寫入比對結果：</translation>
    </message>
    <message>
      <location filename="../algorithms/provider.py" line="0" />
      <source>The county boundary.</source>
      <translation>直轄市、縣（市）界。</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="290" />
      <source>The county cadastre with the parcel schema fields (office, section, parcel_no, reg_area, nu_zone, nu_landuse, owner_type …; map a county's own names first with 'Map parcel fields to the schema'). The register key is office|section|parcel_no; unregistered land without a number gets #&lt;feature id&gt;.</source>
      <translation>縣市地籍，含地籍欄位結構之欄位（office、section、parcel_no、reg_area、nu_zone、nu_landuse、owner_type …；縣市自有欄位名稱請先以「地籍欄位對應」轉換）。清冊鍵值為 office|section|parcel_no；無地號之未登錄地以 #&lt;圖徵編號&gt; 表示。</translation>
    </message>
    <message>
      <location filename="../algorithms/provider.py" line="0" />
      <source>The county cadastre with the parcel schema fields.</source>
      <translation>具地籍欄位結構之直轄市、縣（市）地籍。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate_inputs.py" line="71" />
      <source>The county cadastre, one polygon per parcel, with the fields of the parcel schema (county, town, office, section, section_name, parcel_no, reg_area, nu_zone, nu_landuse, owner_type). Map a county's own field names first with 'Refactor fields' and the shipped mapping.</source>
      <translation>縣市地籍，每筆土地一個多邊形，含地籍欄位結構之欄位（county、town、office、section、section_name、parcel_no、reg_area、nu_zone、nu_landuse、owner_type）。縣市自有欄位名稱請先以重構欄位（native:refactorfields）及內建對應轉換。</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="175" />
      <source>The county letter of the case number and verification code; empty: the first letter of the parcels' land-office code (required for sea).</source>
      <translation>案號及驗證碼中之縣市代碼字母；空白：取地政事務所代碼之第一個字母（海域必填）。</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="173" />
      <source>The county name in the title and case number; empty: the parcels' county (required for sea).</source>
      <translation>標題及案號中之直轄市、縣（市）名稱；空白：取土地所屬縣市（海域必填）。</translation>
    </message>
    <message>
      <location filename="../algorithms/provider.py" line="0" />
      <source>The county sea area (直轄市、縣（市）海域管轄範圍).</source>
      <translation>直轄市、縣（市）海域管轄範圍。</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="0" />
      <source>The county sea area (直轄市、縣（市）海域管轄範圍). 海 classes are drawn only inside it, land classes only outside it; 海3 is the part no other marine class takes.</source>
      <translation>直轄市、縣（市）海域管轄範圍。海洋資源地區分類僅劃設於其內，陸域分區僅劃設於其外；海3 為其他海洋資源地區分類未劃設之部分。</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="0" />
      <source>The county sea area. A piece whose inside point lies in it (or whose class is a 海 class) is on the sea side of the mean high tide line: status sea_side, outside the land register.</source>
      <translation>縣市海域管轄範圍。片段內點位於其內（或其分區為海洋資源地區分類）者位於平均高潮線海側：狀態為 sea_side，不列入使用地土地清冊。</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="0" />
      <source>The county's land extent: indicators are clipped to it and land no condition reaches is reported or filled (rule LAND-RESID). Without it, the extent of the parcels is used.</source>
      <translation>縣市陸域範圍：指標以其裁切，未符合任何劃設條件之土地予以列報或補齊（規則 LAND-RESID）。未提供時採地籍之範圍。</translation>
    </message>
    <message>
      <location filename="../algorithms/map_parcel_fields.py" line="60" />
      <source>The county's parcel layer with its own field names.</source>
      <translation>縣市之地籍圖層，使用其原有欄位名稱。</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="136" />
      <source>The county's zoning map or its assigned parcel pieces (e.g. twzoning:assignparcels, sporadicland or ruralunits OUTPUT).</source>
      <translation>縣市之國土功能分區圖或其界線決定後之宗地片段（例如 twzoning:assignparcels、sporadicland 或 ruralunits 之 OUTPUT）。</translation>
    </message>
    <message>
      <location filename="../algorithms/sporadic_land.py" line="71" />
      <source>The decisions table cannot be opened: </source>
      <translation>無法開啟審查決定表格：</translation>
    </message>
    <message>
      <location filename="../algorithms/sporadic_land.py" line="83" />
      <source>The decisions table cannot be used: </source>
      <translation>無法使用審查決定表格：</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="97" />
      <source>The expropriated parcels: polygons, or a table with office, section, parcel_no (or parcel_key) looked up in PARCELS.</source>
      <translation>徵收之土地：面圖層，或含 office、section、parcel_no（或 parcel_key）並於 PARCELS 中查找之表格。</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="198" />
      <source>The expropriation list is a table: give PARCELS to find its parcels by office, section and parcel_no.</source>
      <translation>徵收清冊為表格：請提供 PARCELS，以依 office、section 及 parcel_no 查找其土地。</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="141" />
      <source>The field holding each polygon's class: codes (CON1 …), Chinese names (國土保育地區第1類) or aliases (國1) are all accepted. Empty: class_code.</source>
      <translation>記載各多邊形分類之欄位：代碼（CON1 …）、中文名稱（國土保育地區第1類）或別名（國1）均可。空白：class_code。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="302" />
      <source>The field holding the case name (案名) written in the remark, e.g. a reef area's name. Leave empty to take, per feature, the first non-empty field among the rule set's case fields (case_name, 案名, 名稱, name, PROTECTFAN, REEFNAME …).</source>
      <translation>記載寫入備註之案名之欄位，例如礁區名稱。空白：逐圖徵取規則集案名欄位（case_name、案名、名稱、name、PROTECTFAN、REEFNAME …）中第一個非空值。</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="150" />
      <source>The field holding the reference class (codes, names or aliases). Empty: class_code.</source>
      <translation>記載參考分類之欄位（代碼、名稱或別名）。空白：class_code。</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="168" />
      <source>The field naming each county rule (quoted in the reason).</source>
      <translation>記載各因地制宜規則名稱之欄位（引用於理由）。</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="174" />
      <source>The field naming each stage-3 task (quoted in the reason).</source>
      <translation>記載各第3階段應辦事項名稱之欄位（引用於理由）。</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="306" />
      <source>The field of ZONES that holds the class (default class_code).</source>
      <translation>ZONES 中記載分類之欄位（預設 class_code）。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="557" />
      <source>The first indicator layer uses a geographic CRS (degrees): </source>
      <translation>第一個指標圖層使用地理坐標系統（度）：</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="144" />
      <source>The general-rule result (twzoning:delineateclasses OUTPUT) or the previous stage's map. When it has rule_id / reason / indicator_id fields (the delineation's), the type-7 remarks quote them.</source>
      <translation>通案劃設結果（twzoning:delineateclasses 之 OUTPUT）或前一階段之分區圖。具 rule_id／reason／indicator_id 欄位（分區劃設之輸出）時，樣態 7 之說明引用之。</translation>
    </message>
    <message>
      <location filename="../algorithms/base.py" line="159" />
      <source>The id of a shipped county preset, or the path of a preset YAML file. Shipped presets: </source>
      <translation>內建縣市預設之代碼，或縣市預設 YAML 檔之路徑。內建預設：</translation>
    </message>
    <message>
      <location filename="../algorithms/provider.py" line="0" />
      <source>The id of a shipped county preset, or the path of a preset YAML file; empty for the national rules.</source>
      <translation>內建縣市預設組合代碼或預設組合 YAML 檔路徑；留空則採全國通案規則。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="553" />
      <source>The indicator layer has no CRS: </source>
      <translation>指標圖層沒有坐標系統：</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="156" />
      <source>The indicator layers the reference was drawn from (recognised by name): their lines count as offset lines (type 1), they are the old versions for data updates (type 2) and they name the indicator in type-7 remarks.</source>
      <translation>參考圖所依據之劃設參考指標圖層（依名稱辨識）：其界線視為偏移比對線（樣態 1），為圖資更新之舊版（樣態 2），並於樣態 7 之說明中指明指標。</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="211" />
      <source>The issuing office's secret: the verification code becomes an HMAC of the content with it, so only the office can produce valid codes. Empty: a plain digest.</source>
      <translation>核發機關之密鑰：驗證碼為以此金鑰計算之內容 HMAC，僅核發機關能產生有效驗證碼。空白：一般雜湊值。</translation>
    </message>
    <message>
      <location filename="../algorithms/provider.py" line="0" />
      <source>The land indicator layers, recognised by their names (as for Delineate classes).</source>
      <translation>陸域劃設參考指標圖層，依圖層名稱辨識（同分區劃設）。</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="268" />
      <source>The layer </source>
      <translation>圖層 </translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="56" />
      <source>The layer uses a geographic CRS; areas must be planar. Reproject it to EPSG:3826 (TWD97 / TM2) or EPSG:3825 first: </source>
      <translation>圖層使用地理坐標系統；面積須為平面面積。請先重新投影至 EPSG:3826（TWD97 / TM2）或 EPSG:3825：</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="304" />
      <source>The layers must be in a projected CRS in metres (EPSG:3826, or EPSG:3825 for Penghu, Kinmen, Matsu); reproject them first (native:reprojectlayer). CRS found: </source>
      <translation>圖層須使用以公尺為單位之投影坐標系統（EPSG:3826，澎湖、金門、馬祖為 EPSG:3825）；請先重新投影（native:reprojectlayer）。目前之坐標系統：</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="429" />
      <source>The location map layer could not be built.</source>
      <translation>無法建立位置圖圖層。</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="457" />
      <source>The location map layers could not be added.</source>
      <translation>無法加入位置圖圖層。</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="99" />
      <source>The map image could not be written: </source>
      <translation>無法寫入地圖影像：</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="571" />
      <source>The marine indicator layer is neither polygons nor lines: </source>
      <translation>海洋資源地區指標圖層既非面亦非線：</translation>
    </message>
    <message>
      <location filename="../algorithms/provider.py" line="0" />
      <source>The marine indicator layers for the marine points (海洋資源地區點位).</source>
      <translation>供海洋資源地區點位編號之海域劃設參考指標圖層。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="316" />
      <source>The mean high tide line. Turning and junction points on it are not listed (001_f01d2a00176af413.txt:1474).</source>
      <translation>平均高潮線。位於其上之轉折點及交界點不列出（001_f01d2a00176af413.txt:1474）。</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="0" />
      <source>The mean high tide line: parcels it crosses are noted in the reason (their boundary follows the line).</source>
      <translation>平均高潮線：被其穿越之土地於理由中註明（其界線依該線）。</translation>
    </message>
    <message>
      <location filename="../algorithms/provider.py" line="0" />
      <source>The mean high tide line; it also anchors the marine points.</source>
      <translation>平均高潮線；亦為海洋資源地區點位之基準。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="699" />
      <source>The new table, e.g. OUTPUT_TABLE of 'Number marine points'.</source>
      <translation>新表，例如「海洋資源地區轉折點編號」之 OUTPUT_TABLE。</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="178" />
      <source>The office named in 說明 二, e.g. 示範縣政府地政處.</source>
      <translation>說明二所載之機關，例如示範縣政府地政處。</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="179" />
      <source>The office's telephone number printed in 說明 二.</source>
      <translation>列印於說明二之機關電話。</translation>
    </message>
    <message>
      <location filename="../algorithms/base.py" line="45" />
      <source>The output style could not be loaded: </source>
      <translation>無法載入輸出圖層樣式：</translation>
    </message>
    <message>
      <location filename="../algorithms/validate_inputs.py" line="184" />
      <source>The overlap check is skipped: the parcel layer is not in a projected CRS.</source>
      <translation>略過重疊檢查：地籍圖層不是投影坐標系統。</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="359" />
      <source>The parcel layer lacks the schema fields: </source>
      <translation>地籍圖層缺少地籍欄位結構之欄位：</translation>
    </message>
    <message>
      <location filename="../algorithms/rural_units.py" line="77" />
      <source>The parcel pieces of 'Assign parcels to classes' or of 'Sporadic land' (their OUTPUT).</source>
      <translation>「宗地界線決定」或「零星土地」之宗地片段（其 OUTPUT）。</translation>
    </message>
    <message>
      <location filename="../algorithms/sporadic_land.py" line="205" />
      <source>The parcel pieces with the accepted decisions applied; same fields as INPUT, so the next algorithm can read it.</source>
      <translation>套用同意決定後之宗地片段；欄位同 INPUT，供下一個演算法讀取。</translation>
    </message>
    <message>
      <location filename="../algorithms/rural_units.py" line="90" />
      <source>The parcel pieces with the accepted decisions applied; same fields as INPUT.</source>
      <translation>套用同意決定後之宗地片段；欄位同 INPUT。</translation>
    </message>
    <message>
      <location filename="../algorithms/map_parcel_fields.py" line="71" />
      <source>The parcels with the fields of the parcel schema.</source>
      <translation>具地籍欄位結構欄位之地籍。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="346" />
      <source>The planner's order of the indicator instances inside each class (DECISIONS.md Q4), one per line or separated by ';': indicator_id:case_name as in the fields of OUTPUT_POINTS (e.g. port_area:示範漁港), or a bare indicator_id for every instance of that indicator. Classes keep the order 海1-1, 海1-2, 海1-3, 海2, 海3; inside a class the listed instances come first, in the order given, the others follow in the default order. In strict mode only the blocks of the table follow it, the numbers stay west to east. An identifier that names no instance of the input is refused with the list of instances. Empty: the default order (westernmost point first).</source>
      <translation>規劃者指定之各分類內指標案件編號順序（DECISIONS.md Q4），每行一筆或以「;」分隔：填「indicator_id:case_name」，與 OUTPUT_POINTS 之欄位相同（例如 port_area:示範漁港），或僅填 indicator_id 表示該指標之全部案件。分類仍依 海1-1、海1-2、海1-3、海2、海3 之順序；同一分類內，所列案件依所列順序優先編號，其餘案件依預設順序接續。嚴格模式僅附表區塊依此順序排列，點號仍由西向東編排。所列代碼若非輸入圖層之指標案件，即中止並列出全部指標案件。空白：預設順序（最西點優先）。</translation>
    </message>
    <message>
      <location filename="../algorithms/zoning_statistics.py" line="97" />
      <source>The previous version has another CRS than the input; reproject it first: </source>
      <translation>前一版本之坐標系統與輸入不同；請先重新投影：</translation>
    </message>
    <message>
      <location filename="../algorithms/zoning_statistics.py" line="58" />
      <source>The previous version of the map or pieces (with class_code), e.g. the county plan's indicative map or the last exhibited version; gives the table of adjusted patches and areas per class.</source>
      <translation>分區圖或宗地片段之前一版本（具 class_code），例如縣市國土計畫之國土功能分區示意圖或上一次公開展覽之版本；用於產製各分區調整處數、面積表。</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="40" />
      <source>The production time printed in the outputs, as ISO 8601 (e.g. 2025-11-24T14:05). Empty: the environment variable SOURCE_DATE_EPOCH (seconds since 1970) if set, else the current time. Fix it to get byte-identical files on a re-run.</source>
      <translation>輸出所載之產製時間，ISO 8601 格式（例如 2025-11-24T14:05）。空白：有設定環境變數 SOURCE_DATE_EPOCH（自 1970 年起之秒數）時採用之，否則為目前時間。固定此值可使重新執行產生位元組完全相同之檔案。</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="297" />
      <source>The query layer has no feature.</source>
      <translation>查詢範圍圖層沒有圖徵。</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="128" />
      <source>The reference indicator layers (e.g. 水庫蓄水範圍, 自然保留區, 中央管河川區域, 鄉村區, 人工魚礁區及保護礁區) and context layers (山坡地, 原住民族土地, 河川區域線, 水道治理計畫線, 用地範圍線, 都市計畫使用分區 …). Each layer is recognised from its name through the alias dictionary of the rule set; an unknown layer stops the run (or is skipped and reported, see SKIP_UNKNOWN). All layers must share one projected CRS.</source>
      <translation>劃設參考指標圖層（例如 水庫蓄水範圍、自然保留區、中央管河川區域、鄉村區、人工魚礁區及保護礁區）及輔助圖層（山坡地、原住民族土地、河川區域線、水道治理計畫線、用地範圍線、都市計畫使用分區 …）。各圖層依名稱透過規則集之別名字典辨識；無法辨識之圖層會中止執行（或略過並列報，見 SKIP_UNKNOWN）。所有圖層須使用同一投影坐標系統。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate_inputs.py" line="80" />
      <source>The reference indicator layers (e.g. 水庫蓄水範圍, 自然保留區, 人工魚礁區及保護礁區). Each layer's indicator is recognised from its name (GeoPackage layer name, layer name or file name) through the alias dictionary of the rule set.</source>
      <translation>劃設參考指標圖層（例如 水庫蓄水範圍、自然保留區、人工魚礁區及保護礁區）。各圖層之指標依其名稱（GeoPackage 圖層名稱、圖層名稱或檔名）透過規則集之別名字典辨識。</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="142" />
      <source>The register as CSV.</source>
      <translation>清冊 CSV 檔。</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="137" />
      <source>The register as an Excel workbook.</source>
      <translation>清冊 Excel 活頁簿。</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="146" />
      <source>The register rows as a table, with the audit columns and the excluded parcels.</source>
      <translation>清冊各列之表格，含稽核欄位及不列入之土地。</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="176" />
      <source>The resolved map: non-overlapping polygons, one class each, with the rule id and reason.</source>
      <translation>已決定之分區圖：互不重疊之多邊形，各屬一類，含規則代碼及理由。</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="298" />
      <source>The resolved zoning map: polygons with a class code (CON1 … URB3, or any class name / alias such as 國1). Optional fields rule_id, reason and reason_en are carried to the parcels that lie wholly in the polygon; pending_rule and fallback_class (a special-purpose zone under 2 ha waiting for its unit test SPZ-D) to every piece of the polygon's class.</source>
      <translation>已決定之國土功能分區圖：具分區代碼之多邊形（CON1 … URB3，或分區名稱／別名如 國1）。選填欄位 rule_id、reason、reason_en 會帶入完全位於該多邊形內之土地；pending_rule 及 fallback_class（未滿 2 公頃、待單元檢核 SPZ-D 之特定專用區）則帶入該多邊形所屬分區之每一宗地片段。</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="156" />
      <source>The river area cannot be built: </source>
      <translation>無法建立河川區域：</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="126" />
      <source>The river area for 國土保育地區第1類.</source>
      <translation>劃為國土保育地區第1類之河川區域。</translation>
    </message>
    <message>
      <location filename="../algorithms/base.py" line="170" />
      <source>The rule set cannot be used: </source>
      <translation>規則集無法使用：</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="190" />
      <source>The running number of the case number 列印案號 (the last 4 digits).</source>
      <translation>列印案號之流水號（末 4 碼）。</translation>
    </message>
    <message>
      <location filename="../algorithms/sporadic_land.py" line="48" />
      <source>The same table as a layer of the project (e.g. the candidate list edited in QGIS). Give either this or DECISIONS.</source>
      <translation>同一表格作為專案中之圖層（例如於 QGIS 中編輯之候選清單）。此項與 DECISIONS 擇一提供。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="492" />
      <source>The sea area does not fit one A3 sheet at 1:800,000 (the smallest scale allowed, 001_f01d2a00176af413.txt:3553); the map and label thinning use 1:</source>
      <translation>海域於 1:800,000（允許之最小比例尺，001_f01d2a00176af413.txt:3553）無法容納於一張 A3 圖幅；地圖及標註疏化採用 1:</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="281" />
      <source>The sea certificate needs COUNTY and COUNTY_CODE (there is no land-office code at sea).</source>
      <translation>海域證明書需要 COUNTY 及 COUNTY_CODE（海域無地政事務所代碼）。</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="279" />
      <source>The sea certificate needs query areas (QUERY).</source>
      <translation>海域證明書需要查詢範圍（QUERY）。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="428" />
      <source>The sea map rendered at the print scale on an A3 frame: areas outlined in their class colour, the numbered points as black dots with a white frame and haloed labels.</source>
      <translation>依列印比例尺繪於 A3 圖框之海域地圖：各範圍以其分類顏色描邊，編號點為白框黑點並加光暈標註。</translation>
    </message>
    <message>
      <location filename="../algorithms/zoning_statistics.py" line="29" />
      <source>The statistics tables of the 繪製說明書 (繪製作業辦法 art. 5, 表50): per class in canonical order the number of patches (處數: connected parts of the class, parts touching only at a point counted apart), the area in hectares and its share of the total; the area per township and class; the register parcels and registered area per former land-use category and after-drawing category; the buildable land turned into 國土保育用地 (list and area); and, given the previous version, per class the previous and current area and the adjusted patches and areas gained and lost (調整處數、面積). Areas are planar in the layer's projected CRS. The workbook holds a bar chart of the area by class in the class colours and a stacked chart per township; OUTPUT_CHART writes the class chart as a PNG image as well.</source>
      <translation>繪製說明書之統計表（繪製作業辦法第 5 條，表50）：各分區依標準順序之處數（分區之相連部分，僅以一點相接者分別計算）、面積（公頃）及占總面積比例；各鄉鎮市區各分區之面積；清冊土地筆數及登記面積，依原使用地編定類別及繪製後類別統計；變更為國土保育用地之可建築用地（清單及面積）；提供前一版本時，各分區前後版本之面積及調整處數、面積之增減。面積為圖層投影坐標系統之平面面積。活頁簿含依分區顏色繪製之各分區面積長條圖及各鄉鎮市區堆疊圖；OUTPUT_CHART 另將分區長條圖輸出為 PNG 影像。</translation>
    </message>
    <message>
      <location filename="../algorithms/zoning_statistics.py" line="71" />
      <source>The statistics tables with their charts.</source>
      <translation>統計表及其圖表。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="724" />
      <source>The table cannot be read: </source>
      <translation>無法讀取表格：</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="694" />
      <source>The table to compare against, e.g. the official appendix (XLSX or CSV with the columns 編號, X坐標, Y坐標, 備註, or table, seq, number, x, y, remark).</source>
      <translation>比對之基準表，例如已公告之附表（XLSX 或 CSV，欄位為 編號、X坐標、Y坐標、備註，或 table、seq、number、x、y、remark）。</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="124" />
      <source>The version or date of the cadastre, printed in the footer (e.g. 2025-10-01).</source>
      <translation>地籍之版本或日期，列印於頁尾（例如 2025-10-01）。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="423" />
      <source>The vertices and junction points left out of the table, with the rule and the reason.</source>
      <translation>未列入附表之頂點及交界點，含規則及理由。</translation>
    </message>
    <message>
      <location filename="../algorithms/provider.py" line="0" />
      <source>The whole zoning chain on one county: validate inputs → delineate classes → assign parcels → sporadic land → rural units → marine points → land register → zoning statistics. Every result is written into the output folder.</source>
      <translation>對一個直轄市、縣（市）執行完整繪製流程：輸入資料檢查 → 分區劃設 → 逐筆界線決定 → 零星土地 → 鄉村區單元 → 海洋資源地區點位 → 使用地土地清冊 → 繪製說明書統計。所有成果寫入輸出資料夾。</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="188" />
      <source>The workbook for the review meeting, with a map of each difference to discuss.</source>
      <translation>供審查會議使用之活頁簿，每一須討論之差異處附一張地圖。</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="370" />
      <source>The zone layer has no class field </source>
      <translation>分區圖層沒有分類欄位 </translation>
    </message>
    <message>
      <location filename="../algorithms/zoning_statistics.py" line="79" />
      <source>Total area (m²)</source>
      <translation>總面積（平方公尺）</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="338" />
      <source>Traversal (DECISIONS.md Q4, the Taoyuan practice): inside a class, indicators ordered by their westernmost point, each outline followed clockwise from its westernmost (then northernmost) point. Strict: all new points of a class sorted by longitude, then latitude descending. 'Rule set default' uses the switch marine_numbering_mode.</source>
      <translation>逐指標沿外框（DECISIONS.md Q4，桃園市作法）：同一分類內，指標依其最西點排序，各外框自最西（再最北）點起順時針編號。嚴格方式：分類內所有新點依經度排序，再依緯度由大至小。「依規則集預設」採開關 marine_numbering_mode。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="335" />
      <source>Traversal per indicator (逐指標沿外框)</source>
      <translation>逐指標沿外框</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="97" />
      <source>Turns the reference indicator layers (劃設參考指標) into the areas of the 19 zoning classes by the rule set: each layer is recognised from its name (or the indicator field), each indicator's method is applied (e.g. 其他公有森林區 = 森林區 ∩ 公有 − 國有林事業區 − 保安林 − 林業試驗林 − 大專院校實驗林; 山崩與地滑 only inside 山坡地; 土石流 only by its 影響範圍 polygons; the river area by the county's boundary mode), overlaps are decided by the order of precedence (劃設順序), 農1/農5/special-purpose zones are tested against their thresholds, and the pairwise rules apply (國2 ∩ 宜農牧地 in agricultural use → 農3 after grouping within 100 m and keeping groups ≥ 2 ha; 農2 &lt; 2 ha enclosed by 農1 → 農1; the pending 國1/國2 reassessment behind its switches). Land classes stay on the land side of the mean high tide line, 海 classes on the sea side; 海3 is the rest of the sea. Every polygon carries the rule id and the reason (which indicator and case decided it, which it won over); where a county preset or a changed rule gives a different result from the national rules, the polygon is marked 因地制宜. Areas are planar in the layers' projected CRS (m²).</source>
      <translation>依規則集將劃設參考指標圖層轉為 19 類國土功能分區分類之範圍：依圖層名稱（或指標欄位）辨識各圖層，套用各指標之劃設方式（例如 其他公有森林區＝森林區 ∩ 公有 − 國有林事業區 − 保安林 − 林業試驗林 − 大專院校實驗林；山崩與地滑僅限山坡地內；土石流僅採其影響範圍多邊形；河川區域依縣市之界線方式），重疊處依劃設順序決定，農1／農5／特定專用區依其門檻檢核，並套用兩兩間之規則（國2 ∩ 宜農牧地且為農業使用者 → 農3，以 100 公尺整併後保留 2 公頃以上者；被農1 包圍且小於 2 公頃之農2 → 農1；待定之國1／國2 重新評估依其開關）。陸域分區限於平均高潮線陸側，海洋資源地區分類限於海側；海3 為其餘海域。每一多邊形記載規則代碼及理由（由哪一指標及個案決定、優先於哪些指標）；縣市預設或變更之規則使結果與全國規則不同者，標記為因地制宜。面積為圖層投影坐標系統之平面面積（平方公尺）。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate_inputs.py" line="90" />
      <source>Two parcels are reported as overlapping only when their common area exceeds this many square metres (absorbs digitising noise).</source>
      <translation>兩筆土地之共同面積超過此平方公尺數時，才列報為重疊（吸收數化誤差）。</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="192" />
      <source>Type 1: map offsets (圖資偏移)</source>
      <translation>樣態 1：圖資偏移</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="192" />
      <source>Type 2: data updates (圖資更新)</source>
      <translation>樣態 2：圖資更新</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="193" />
      <source>Type 3: boundary decisions (界線決定)</source>
      <translation>樣態 3：界線決定</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="193" />
      <source>Type 4: sporadic land (零星土地納入或剔除)</source>
      <translation>樣態 4：零星土地納入或剔除</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="194" />
      <source>Type 5: county rules (因地制宜)</source>
      <translation>樣態 5：因地制宜</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="194" />
      <source>Type 6: stage-3 tasks (第3階段應辦事項)</source>
      <translation>樣態 6：第3階段應辦事項</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="195" />
      <source>Type 7: drawing errors (繪製錯誤)</source>
      <translation>樣態 7：繪製錯誤</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="0" />
      <source>UTF-8 with BOM (Excel)</source>
      <translation>UTF-8 含 BOM（Excel）</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="130" />
      <source>UTF-8 with a byte-order mark opens correctly in Excel; Big5 (cp950) is for older systems and fails with the row, column and character when a character has no Big5 code.</source>
      <translation>含位元組順序記號（BOM）之 UTF-8 可於 Excel 正確開啟；Big5（cp950）供舊系統使用，字元無 Big5 碼時會失敗並指出列、欄及該字元。</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="0" />
      <source>Unaccounted parcels</source>
      <translation>無著落之土地筆數</translation>
    </message>
    <message>
      <location filename="../algorithms/rural_units.py" line="97" />
      <source>Units</source>
      <translation>單元</translation>
    </message>
    <message>
      <location filename="../algorithms/rural_units.py" line="93" />
      <source>Units (鄉村區單元)</source>
      <translation>鄉村區單元</translation>
    </message>
    <message>
      <location filename="../algorithms/rural_units.py" line="120" />
      <source>Units with status </source>
      <translation>狀態為下列之單元 </translation>
    </message>
    <message>
      <location filename="../algorithms/base.py" line="174" />
      <source>Unknown county preset or rule file: </source>
      <translation>未知之縣市預設或規則檔：</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="198" />
      <source>Unknown layers</source>
      <translation>無法辨識之圖層</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="0" />
      <source>Unzoned parcels</source>
      <translation>未劃入分區之土地筆數</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="0" />
      <source>Urban plans (都市計畫範圍)</source>
      <translation>都市計畫範圍</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="320" />
      <source>Urban-plan areas (都市計畫範圍)</source>
      <translation>都市計畫範圍</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="0" />
      <source>Urban-plan areas: pieces inside get status urban_plan (controlled by the plan, not in the land register).</source>
      <translation>都市計畫範圍：位於其內之片段狀態為 urban_plan（依都市計畫管制，不列入使用地土地清冊）。</translation>
    </message>
    <message>
      <location filename="../algorithms/provider.py" line="0" />
      <source>Urban-plan areas: their parcels are not registered and their sea points are marked.</source>
      <translation>都市計畫範圍：其內土地不列入清冊，其海域點位另行標示。</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="322" />
      <source>Urban-plan areas; turning and junction points on their boundaries are not listed (001_f01d2a00176af413.txt:2621).</source>
      <translation>都市計畫範圍；位於其界線上之轉折點及交界點不列出（001_f01d2a00176af413.txt:2621）。</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="0" />
      <source>Urban-plan boundaries: 城1 inside them (國4 and 農5 from the plan's zoning layer come first). A development-rate field (都市發展率) lets rural districts within 2 km become 城2-1.</source>
      <translation>都市計畫範圍：其內為城1（依都市計畫使用分區圖層之國4 及農5 優先）。具都市發展率欄位時，2 公里內之鄉村區可劃為城2-1。</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="456" />
      <source>Use class codes CON1 … URB3 or class names such as 國1 / 國土保育地區第1類.</source>
      <translation>請使用分區代碼 CON1 … URB3，或分區名稱如 國1／國土保育地區第1類。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate_inputs.py" line="45" />
      <source>Validate inputs (輸入資料檢查)</source>
      <translation>輸入資料檢查</translation>
    </message>
    <message>
      <location filename="../plugin.py" line="84" />
      <source>Validate inputs (輸入資料檢查)…</source>
      <translation>輸入資料檢查…</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="198" />
      <source>Verdict (檢核結論)</source>
      <translation>檢核結論</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="220" />
      <source>Verification code</source>
      <translation>驗證碼</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="264" />
      <source>Verification code: </source>
      <translation>驗證碼：</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="210" />
      <source>Verification key</source>
      <translation>驗證金鑰</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="0" />
      <source>Waterway-regulation plan line (水道治理計畫線, yellow)</source>
      <translation>水道治理計畫線（黃線）</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="169" />
      <source>When checked, a layer whose name matches no indicator is skipped and listed in UNKNOWN_LAYERS and the issue table instead of stopping the run.</source>
      <translation>勾選時，名稱無法對應任何指標之圖層會被略過，並列於 UNKNOWN_LAYERS 及問題表，不中止執行。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate_inputs.py" line="97" />
      <source>When checked, the algorithm fails after writing its outputs if any error was found, so a model or batch run stops before delineation.</source>
      <translation>勾選時，若發現任何錯誤，演算法於寫入輸出後以失敗結束，使模型或批次作業於分區劃設前停止。</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="119" />
      <source>Where the cadastre comes from, printed in the footer (e.g. 示範縣地政處). Empty: the input layer name.</source>
      <translation>地籍之來源，列印於頁尾（例如 示範縣地政處）。空白：輸入圖層名稱。</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="314" />
      <source>Whether a class covering at least 50 % of a parcel takes the whole parcel (rule MAJ50): as the rule set says (switch majority_rule, off nationally), on, or off. Per class it applies as the switch majority_rule_by_class says (off for 國1).</source>
      <translation>分區占該筆土地 50% 以上時是否整筆劃入（規則 MAJ50）：依規則集（開關 majority_rule，全國預設不採用）、採用或不採用。各分區是否適用依開關 majority_rule_by_class（國1 不適用）。</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="120" />
      <source>Why a line other than the 河川區域線 is used (to be approved by the councils). Empty: the county preset's 表17 remark, if any.</source>
      <translation>採用河川區域線以外之線之理由（須經審議會同意）。空白：縣市預設表17 之備註（如有）。</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="70" />
      <source>Writes the land register of 繪製作業辦法 附件三 from the assigned parcel pieces (the output of Assign parcels, Sporadic land or Rural units): one row per parcel with the 12 columns of the legal format, filled as 表29 prescribes. Before drawing: the former non-urban zone and land-use category. After drawing: the class name (部分A、部分B for a parcel in several classes, canonical order) and 國土保育用地 only where buildable land or legal agriculture becomes non-buildable (the rule set's designations, or the assessment field). Remarks: 屬原依區域計畫法編定之○○用地 and the special remarks of RULES.md §6.3. Area: the registered (謄本) area with 2 decimals. Unregistered land gets a provisional number (附件三 註二); urban-plan and national-park land is left out (RULES.md §6.6) but kept, flagged, in the table. Rows are sorted by township, land office, section and parcel number; the only time stamp in the files is the production time of the footer (bottom right: cadastre source, version, production time).</source>
      <translation>依界線決定後之宗地片段（「宗地界線決定」、「零星土地」或「鄉村區單元」之輸出）產製繪製作業辦法附件三之使用地土地清冊：每筆土地一列，依法定格式 12 欄，按表29 規定填寫。繪製前：原非都市土地使用分區及使用地編定類別。繪製後：分區名稱（跨數分區之土地記載部分A、部分B，依標準順序），且僅於可建築用地或既有合法農業變為非可建築用地時記載國土保育用地（依規則集之編定，或評估結果欄位）。備註：屬原依區域計畫法編定之○○用地及 RULES.md §6.3 之特殊備註。面積：謄本面積，取至小數 2 位。未登錄地給予暫編地號（附件三 註二）；都市計畫及國家公園土地不列入（RULES.md §6.6），但於表格中保留並標記。各列依鄉鎮市區、地政事務所、地段及地號排序；檔案中唯一之時間戳記為頁尾之產製時間（右下角：地籍資料來源、版本、產製時間）。</translation>
    </message>
    <message>
      <location filename="../algorithms/provider.py" line="0" />
      <source>Written into the register header.</source>
      <translation>寫入清冊表頭。</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="120" />
      <source>Zoning certificate (國土功能分區證明書)</source>
      <translation>國土功能分區證明書</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="296" />
      <source>Zoning classes (國土功能分區)</source>
      <translation>國土功能分區</translation>
    </message>
    <message>
      <location filename="../algorithms/provider.py" line="0" />
      <source>Zoning drawing chain (國土功能分區繪製流程)</source>
      <translation>國土功能分區繪製流程</translation>
    </message>
    <message>
      <location filename="../plugin.py" line="102" />
      <source>Zoning workflow panel (劃設流程面板)</source>
      <translation>劃設流程面板</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="215" />
      <source>a projected CRS in metres is required (EPSG:3826 / EPSG:3825); reproject the layer first (native:reprojectlayer).</source>
      <translation>須使用以公尺為單位之投影坐標系統（EPSG:3826／EPSG:3825）；請先重新投影圖層（native:reprojectlayer）。</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="422" />
      <source>accounted for </source>
      <translation>有著落 </translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="219" />
      <source>all layers must share one CRS; reproject it first (native:reprojectlayer).</source>
      <translation>所有圖層須使用同一坐標系統；請先重新投影（native:reprojectlayer）。</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="162" />
      <source>area (m²): </source>
      <translation>面積（平方公尺）：</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="119" />
      <source>area, share and patch count per class (table)</source>
      <translation>各分區之面積、比例及處數（表格）</translation>
    </message>
    <message>
      <location filename="../algorithms/rural_units.py" line="152" />
      <source>candidates</source>
      <translation>候選清單</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="600" />
      <source>centres: </source>
      <translation>圓心點：</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="221" />
      <source>counted in rows </source>
      <translation>計入清冊列 </translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="279" />
      <source>counts</source>
      <translation>各項數量</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="127" />
      <source>counts and areas per submitted class and type</source>
      <translation>依提送分區及樣態之處數與面積</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="125" />
      <source>difference polygons: from / to class, area, diff_type 1-7, the 表31 response, needs_discussion, rule_id, reason (for type 7 the correct class by the general rule)</source>
      <translation>差異處多邊形：原分區／提送分區、面積、diff_type 1-7、表31 制式回應、needs_discussion、rule_id、reason（樣態 7 另記通案規則之正確分區）</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="608" />
      <source>every point of this feature lies on the mean high tide line or an urban-plan boundary; it has no row</source>
      <translation>此圖徵之所有點均位於平均高潮線或都市計畫界線上；無附表列</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="585" />
      <source>features used</source>
      <translation>筆圖徵已使用</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="268" />
      <source>has no class field </source>
      <translation>沒有分類欄位 </translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="289" />
      <source>has no field </source>
      <translation>沒有欄位 </translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="281" />
      <source>input parcels with no piece in the result (always 0 in a finished run)</source>
      <translation>結果中無任何片段之輸入土地筆數（完成之執行恆為 0）</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="297" />
      <source>is in </source>
      <translation>之坐標系統為 </translation>
    </message>
    <message>
      <location filename="../algorithms/rural_units.py" line="157" />
      <source>is not a candidate list (OUTPUT_CANDIDATES of twzoning:sporadicland); missing fields: </source>
      <translation>不是候選清單（twzoning:sporadicland 之 OUTPUT_CANDIDATES）；缺少欄位：</translation>
    </message>
    <message>
      <location filename="../algorithms/sporadic_land.py" line="117" />
      <source>is not a layer of parcel pieces (the OUTPUT of twzoning:assignparcels): </source>
      <translation>不是宗地片段圖層（twzoning:assignparcels 之 OUTPUT）：</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="600" />
      <source>junction points: </source>
      <translation>交界點：</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="424" />
      <source>largest area difference </source>
      <translation>最大面積差 </translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="306" />
      <source>layer </source>
      <translation>圖層 </translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="392" />
      <source>majority rule: </source>
      <translation>過半原則：</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="223" />
      <source>not countable</source>
      <translation>無法計算</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="601" />
      <source>not listed (mean high tide line / urban plan / outside): </source>
      <translation>未列出（平均高潮線／都市計畫／範圍外）：</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="177" />
      <source>not used, it closes no area</source>
      <translation>未使用，未圍成任何面積</translation>
    </message>
    <message>
      <location filename="../algorithms/sporadic_land.py" line="191" />
      <source>number of accepted candidates (applied to OUTPUT)</source>
      <translation>同意之候選數（已套用於 OUTPUT）</translation>
    </message>
    <message>
      <location filename="../algorithms/sporadic_land.py" line="190" />
      <source>number of candidates</source>
      <translation>候選數</translation>
    </message>
    <message>
      <location filename="../algorithms/rural_units.py" line="71" />
      <source>number of candidates of this algorithm</source>
      <translation>本演算法之候選數</translation>
    </message>
    <message>
      <location filename="../algorithms/validate_inputs.py" line="62" />
      <source>number of errors (problems that must be corrected)</source>
      <translation>錯誤數（必須修正之問題）</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="144" />
      <source>number of pages</source>
      <translation>頁數</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="275" />
      <source>number of parcels</source>
      <translation>土地筆數</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="277" />
      <source>number of parcels split between classes</source>
      <translation>跨分區切分之土地筆數</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="276" />
      <source>number of pieces</source>
      <translation>宗地片段數</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="687" />
      <source>number of points per status</source>
      <translation>各狀態之點數</translation>
    </message>
    <message>
      <location filename="../algorithms/rural_units.py" line="70" />
      <source>number of units</source>
      <translation>單元數</translation>
    </message>
    <message>
      <location filename="../algorithms/validate_inputs.py" line="63" />
      <source>number of warnings</source>
      <translation>警告數</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="726" />
      <source>numbers</source>
      <translation>個編號</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="599" />
      <source>numbers: </source>
      <translation>編號數：</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="117" />
      <source>one feature per indicator instance before precedence, with class_code, indicator_id, indicator_name, rule_id, case_name, side, qualifies, reason</source>
      <translation>劃設順序處理前，每一指標個案一筆圖徵，含 class_code、indicator_id、indicator_name、rule_id、case_name、side、qualifies、reason</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="273" />
      <source>one feature per parcel (its whole geometry): the parcel fields + parcel_key, class_codes, class_wording (「部分A、部分B」), is_split, status, rule_id, reason</source>
      <translation>每一筆土地一筆圖徵（整筆幾何）：地籍欄位加 parcel_key、class_codes、class_wording（「部分A、部分B」）、is_split、status、rule_id、reason</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="270" />
      <source>one feature per parcel piece: the parcel fields + parcel_key, class_code, class_name, share, piece_area, is_split, status, rule_id, reason, reason_en, pending_rule, fallback_class</source>
      <translation>每一宗地片段一筆圖徵：地籍欄位加 parcel_key、class_code、class_name、share、piece_area、is_split、status、rule_id、reason、reason_en、pending_rule、fallback_class</translation>
    </message>
    <message>
      <location filename="../algorithms/rural_units.py" line="66" />
      <source>one feature per unit: original area, cumulative inclusion, its share, the standard response and status</source>
      <translation>每一單元一筆圖徵：原面積、累計納入面積、其比例、制式回應及狀態</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="271" />
      <source>one point per table row: number, label (* for centres), point_type, class, indicator, case name, block, row, sheet, remark, lon/lat (WGS84), x/y, class_junction, label_visible, rule_id and reason</source>
      <translation>附表每列一點：number、label（圓心點為 *）、point_type、class_code／class_name、indicator_id／indicator_name、case_name、block、row、sheet、remark、lon／lat（WGS84）、x／y、class_junction、label_visible、rule_id 及 reason</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="88" />
      <source>one row per parcel (register columns + parcel_key, class_codes, in_register, provisional, rule_id, reason, reason_en), excluded parcels included with in_register = 0</source>
      <translation>每筆土地一列（清冊欄位加 parcel_key、class_codes、in_register、provisional、rule_id、reason、reason_en），不列入之土地亦包含在內，in_register = 0</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="423" />
      <source>outside the register </source>
      <translation>不列入清冊 </translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="453" />
      <source>parcel layer</source>
      <translation>地籍圖層</translation>
    </message>
    <message>
      <location filename="../algorithms/sporadic_land.py" line="111" />
      <source>parcel pieces</source>
      <translation>宗地片段</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="353" />
      <source>parcels</source>
      <translation>地籍</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="91" />
      <source>parcels left out (urban plan / national park)</source>
      <translation>不列入之土地筆數（都市計畫／國家公園）</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="284" />
      <source>parcels with a piece covered by no zone (BND-NOZONE)</source>
      <translation>有片段未被任何分區涵蓋之土地筆數（BND-NOZONE）</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="282" />
      <source>parcels with a piece flagged outside the land register (sea side, urban plan, national park)</source>
      <translation>有片段標記為不列入使用地土地清冊之土地筆數（海側、都市計畫、國家公園）</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="391" />
      <source>pieces: </source>
      <translation>片段數：</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="276" />
      <source>points not listed (on the mean high tide line, on an urban-plan boundary, centres outside the sea area), with the rule and the reason</source>
      <translation>未列出之點（位於平均高潮線、都市計畫界線上，或海域外之圓心點），含規則及理由</translation>
    </message>
    <message>
      <location filename="../algorithms/validate_inputs.py" line="59" />
      <source>problem layer: one point per problem (at the defect, or no geometry for a field problem) with code, severity, layer, feature_id, field, message_zh, message_en</source>
      <translation>問題圖層：每一問題一點（位於缺失處；欄位問題無幾何），含 code、severity、layer、feature_id、field、message_zh、message_en</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="222" />
      <source>register rows </source>
      <translation>清冊列數 </translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="223" />
      <source>registrable parcels </source>
      <translation>應列入清冊土地 </translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="97" />
      <source>registrable parcels counted from the input (-1: not countable, unnumbered pieces without parcel_key)</source>
      <translation>由輸入計算之應列入清冊土地筆數（-1：無法計算，片段無地號且無 parcel_key）</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="120" />
      <source>repaired geometries, unknown layers and rules that could not be applied (table)</source>
      <translation>已修復之幾何、無法辨識之圖層及無法套用之規則（表格）</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="725" />
      <source>rows</source>
      <translation>列</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="93" />
      <source>rows designated 國土保育用地</source>
      <translation>編定為國土保育用地之列數</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="92" />
      <source>rows with a provisional number</source>
      <translation>暫編地號之列數</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="90" />
      <source>rows written to the register</source>
      <translation>寫入清冊之列數</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="393" />
      <source>slivers joined: </source>
      <translation>併入之細碎面：</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="392" />
      <source>split parcels: </source>
      <translation>跨分區切分土地：</translation>
    </message>
    <message>
      <location filename="../algorithms/map_parcel_fields.py" line="53" />
      <source>the FIELDS_MAPPING given to native:refactorfields, as JSON</source>
      <translation>提供給 native:refactorfields 之 FIELDS_MAPPING，JSON 格式</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="274" />
      <source>the appendix: XLSX (one sheet per page) or CSV (UTF-8, first column = sheet), columns 編號, X坐標, Y坐標, 備註</source>
      <translation>附表：XLSX（每頁一個工作表）或 CSV（UTF-8，第一欄為工作表），欄位為 編號、X坐標、Y坐標、備註</translation>
    </message>
    <message>
      <location filename="../algorithms/zoning_statistics.py" line="43" />
      <source>the area-by-class bar chart as PNG (optional)</source>
      <translation>各分區面積長條圖 PNG（選填）</translation>
    </message>
    <message>
      <location filename="../algorithms/sporadic_land.py" line="188" />
      <source>the candidate list</source>
      <translation>候選清單</translation>
    </message>
    <message>
      <location filename="../algorithms/rural_units.py" line="68" />
      <source>the candidate list (with the CANDIDATES given, if any)</source>
      <translation>候選清單（含所提供之 CANDIDATES，如有）</translation>
    </message>
    <message>
      <location filename="../algorithms/rural_units.py" line="69" />
      <source>the candidate list and the units as an Excel workbook</source>
      <translation>候選清單及單元之 Excel 活頁簿</translation>
    </message>
    <message>
      <location filename="../algorithms/sporadic_land.py" line="189" />
      <source>the candidate list as an Excel workbook</source>
      <translation>候選清單 Excel 活頁簿</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="142" />
      <source>the certificate as PDF</source>
      <translation>證明書 PDF</translation>
    </message>
    <message>
      <location filename="../algorithms/certificate.py" line="143" />
      <source>the certificate's verification code (驗證碼)</source>
      <translation>證明書驗證碼</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="686" />
      <source>the compared points in WGS84 with the same fields</source>
      <translation>比對之點（WGS84），欄位同上</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="684" />
      <source>the comparison table (CSV or XLSX by extension): status, old/new number and label, old/new lon/lat, distance_m, the indicator blocks listing the point</source>
      <translation>比對表（依副檔名為 CSV 或 XLSX）：status、新舊編號及標註、新舊經緯度、distance_m、列出該點之指標區塊</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="130" />
      <source>the county-level verdict line</source>
      <translation>縣市層級之檢核結論</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="80" />
      <source>the mode applied</source>
      <translation>採用之方式</translation>
    </message>
    <message>
      <location filename="../algorithms/rural_units.py" line="65" />
      <source>the parcel pieces after the accepted decisions (same fields as INPUT)</source>
      <translation>套用同意決定後之宗地片段（欄位同 INPUT）</translation>
    </message>
    <message>
      <location filename="../algorithms/map_parcel_fields.py" line="52" />
      <source>the parcels with the schema fields</source>
      <translation>具地籍欄位結構之地籍</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="280" />
      <source>the print scale denominator used for label thinning and the map</source>
      <translation>標註疏化及地圖所用之列印比例尺分母</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="87" />
      <source>the register as CSV with the flattened header (UTF-8 with BOM, or Big5)</source>
      <translation>清冊 CSV，表頭攤平為一列（UTF-8 含 BOM，或 Big5）</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="85" />
      <source>the register as an Excel workbook: two-row header with merged group cells, a new sheet every 1,048,576 rows, footer at the bottom right</source>
      <translation>清冊 Excel 活頁簿：兩列表頭含合併之群組儲存格，每 1,048,576 列另開工作表，頁尾於右下角</translation>
    </message>
    <message>
      <location filename="../algorithms/check_results.py" line="128" />
      <source>the review workbook: verdict and summary, 表51 table of the differences to discuss with one map each, all differences, 表31</source>
      <translation>審查活頁簿：檢核結論及摘要、須討論差異處之表51（每處附一張地圖）、全部差異處、表31</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="77" />
      <source>the river area: one polygon per part, with the line it comes from, the mode and the justification</source>
      <translation>河川區域：每一部分一個多邊形，含其來源線、方式及理由</translation>
    </message>
    <message>
      <location filename="../algorithms/validate_inputs.py" line="61" />
      <source>the same problems as an HTML report, grouped by layer and code</source>
      <translation>相同問題之 HTML 報告，依圖層及代碼分組</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="121" />
      <source>the statistics as JSON; AREA_M2_&lt;CODE&gt; / PATCHES_&lt;CODE&gt; per class</source>
      <translation>統計之 JSON；各分區之 AREA_M2_&lt;CODE&gt;／PATCHES_&lt;CODE&gt;</translation>
    </message>
    <message>
      <location filename="../algorithms/marine_points.py" line="278" />
      <source>the styled map of the sea area as a PNG image</source>
      <translation>海域套疊樣式之地圖 PNG 影像</translation>
    </message>
    <message>
      <location filename="../algorithms/zoning_statistics.py" line="42" />
      <source>the workbook: one sheet per table, with its title, charts and a 說明 sheet</source>
      <translation>活頁簿：每表一個工作表，含標題、圖表及說明工作表</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="113" />
      <source>the zoning map: non-overlapping polygons, one class each, with class_code, class_name, rule_id, reason, reason_en, indicator_id, scope, area_m2, pending_rule, fallback_class (a special-purpose zone under 2 ha stays 城2-1 pending SPZ-D, the unit test of 'Rural-district and special-purpose units (鄉村區單元)', with the class it gets if its unit fails)</source>
      <translation>國土功能分區圖：互不重疊之多邊形，各屬一類，含 class_code、class_name、rule_id、reason、reason_en、indicator_id、scope、area_m2、pending_rule、fallback_class（未滿 2 公頃之特定專用區暫劃為城2-1，待「鄉村區單元及特定專用區單元」之單元檢核 SPZ-D，並記載單元未通過時依通案條件之分類）</translation>
    </message>
    <message>
      <location filename="../algorithms/river_boundary.py" line="79" />
      <source>total area (m², planar)</source>
      <translation>總面積（平方公尺，平面）</translation>
    </message>
    <message>
      <location filename="../algorithms/zoning_statistics.py" line="45" />
      <source>total number of patches</source>
      <translation>總處數</translation>
    </message>
    <message>
      <location filename="../algorithms/zoning_statistics.py" line="44" />
      <source>total planar area of the input (m²)</source>
      <translation>輸入之平面總面積（平方公尺）</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="424" />
      <source>unzoned </source>
      <translation>未劃入分區 </translation>
    </message>
    <message>
      <location filename="../algorithms/validate_inputs.py" line="161" />
      <source>warnings: </source>
      <translation>警告：</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="453" />
      <source>zone layer</source>
      <translation>分區圖層</translation>
    </message>
    <message>
      <location filename="../algorithms/assign_parcels.py" line="366" />
      <source>zones</source>
      <translation>分區</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="200" />
      <source>{cls} area (m²)</source>
      <translation>{cls} 面積（平方公尺）</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="201" />
      <source>{cls} patches</source>
      <translation>{cls} 處數</translation>
    </message>
    <message>
      <location filename="../algorithms/land_register.py" line="0" />
      <source>國土保育用地 rows</source>
      <translation>國土保育用地列數</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="0" />
      <source>農1 minimum agricultural-use share (0-1)</source>
      <translation>農1 最低農業使用比例（0-1）</translation>
    </message>
    <message>
      <location filename="../algorithms/delineate_classes.py" line="0" />
      <source>農1 minimum block area (m²)</source>
      <translation>農1 最小坵塊面積（平方公尺）</translation>
    </message>
  </context>
  <context>
    <name>TwZoningDock</name>
    <message>
      <location filename="../ui/dock.ui" line="26" />
      <source>1 Inputs and validation (輸入資料)</source>
      <translation>1 輸入資料及檢查</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="31" />
      <source>2 Delineation and parcels (分區劃設)</source>
      <translation>2 分區劃設及地籍</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="36" />
      <source>3 Marine turning points (海域轉折點)</source>
      <translation>3 海域轉折點</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="41" />
      <source>4 Sporadic land and rural units (零星土地)</source>
      <translation>4 零星土地及鄉村區單元</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="46" />
      <source>5 Register and statistics (清冊及統計)</source>
      <translation>5 清冊及統計</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="254" />
      <source>A step is still running (執行中): wait or cancel it.</source>
      <translation>仍有步驟執行中：請稍候或取消。</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="381" />
      <source>Accept (同意)</source>
      <translation>同意</translation>
    </message>
    <message>
      <location filename="../ui/candidates.py" line="23" />
      <source>Accepted (同意)</source>
      <translation>同意</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="112" />
      <source>All (全部)</source>
      <translation>全部</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="116" />
      <source>All rules (全部規則)</source>
      <translation>全部規則</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="603" />
      <source>Answer saved; re-run step 4 to apply the decisions (再執行以套用).</source>
      <translation>已儲存回覆；請再執行步驟 4 以套用審查決定。</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="456" />
      <source>CSV in Big5 for older systems (Big5 編碼)</source>
      <translation>CSV 採 Big5 編碼（供舊系統使用）</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="539" />
      <source>Cancel (取消)</source>
      <translation>取消</translation>
    </message>
    <message>
      <location filename="../ui/tasks.py" line="106" />
      <source>Cancelled (已取消): no output was written.</source>
      <translation>已取消：未寫出任何成果。</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="49" />
      <source>Case name (案名)</source>
      <translation>案名</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="257" />
      <source>Choose an output folder (輸出資料夾) in step 1 first.</source>
      <translation>請先於步驟 1 選擇輸出資料夾。</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="260" />
      <source>Choose the parcel layer (地籍) in step 1 first.</source>
      <translation>請先於步驟 1 選擇地籍圖層。</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="47" />
      <source>Class (分類)</source>
      <translation>分類</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="395" />
      <source>Clear answer (清除)</source>
      <translation>清除回覆</translation>
    </message>
    <message>
      <location filename="../ui/candidates.py" line="42" />
      <source>Comment (意見)</source>
      <translation>意見</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="100" />
      <source>County boundary (縣市界)</source>
      <translation>縣市界</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="152" />
      <source>County preset (縣市預設)</source>
      <translation>縣市預設</translation>
    </message>
    <message>
      <location filename="../ui/candidates.py" line="40" />
      <source>Decision (決定)</source>
      <translation>決定</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="322" />
      <source>Default order (預設順序)</source>
      <translation>預設順序</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="488" />
      <source>Default order restored; number the turning points again (已恢復預設順序，請重新編號).</source>
      <translation>已恢復預設順序，請重新執行轉折點編號。</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="221" />
      <source>Delineate and assign parcels (分區劃設及地籍指派)</source>
      <translation>分區劃設及地籍指派</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="211" />
      <source>Delineates the zoning classes from the indicator layers, then assigns every parcel to a class (界線決定, 50 % rule).</source>
      <translation>依劃設參考指標圖層劃設各功能分區及其分類，再將每筆土地指派至分區（界線決定，50% 原則）。</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="404" />
      <source>Delineation done (分區劃設完成).</source>
      <translation>分區劃設完成。</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="292" />
      <source>Done (完成).</source>
      <translation>完成。</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="55" />
      <source>Error (錯誤)</source>
      <translation>錯誤</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="335" />
      <source>Errors: </source>
      <translation>錯誤：</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="493" />
      <source>Export the register (匯出清冊)</source>
      <translation>匯出清冊</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="338" />
      <source>Find candidates / re-run with decisions (零星土地及鄉村區單元)</source>
      <translation>找出候選土地／依審查決定重新執行（零星土地及鄉村區單元）</translation>
    </message>
    <message>
      <location filename="../ui/candidates.py" line="25" />
      <source>Flagged (提示)</source>
      <translation>提示</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="475" />
      <source>Folder (資料夾)</source>
      <translation>資料夾</translation>
    </message>
    <message>
      <location filename="../ui/candidates.py" line="39" />
      <source>From → to (分類)</source>
      <translation>原分類 → 新分類</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="48" />
      <source>Indicator (指標)</source>
      <translation>指標</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="142" />
      <source>Indicator layers (劃設參考指標)</source>
      <translation>劃設參考指標圖層</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="6" />
      <source>Land zoning workflow (國土功能分區劃設流程)</source>
      <translation>國土功能分區劃設流程</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="110" />
      <source>Layer (圖層)</source>
      <translation>圖層</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="249" />
      <source>Marine indicator layers to number (海洋資源地區劃設參考指標圖層).</source>
      <translation>要編號之海洋資源地區劃設參考指標圖層。</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="86" />
      <source>Mean high tide line (平均高潮線)</source>
      <translation>平均高潮線</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="128" />
      <source>National parks (國家公園範圍)</source>
      <translation>國家公園範圍</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="106" />
      <source>National rules (全國通案)</source>
      <translation>全國通案</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="45" />
      <source>Number (編號)</source>
      <translation>編號</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="271" />
      <source>Number the turning points (轉折點編號)</source>
      <translation>轉折點編號</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="113" />
      <source>Open (待決定)</source>
      <translation>待決定</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="542" />
      <source>Open candidates (待決定): </source>
      <translation>待決定之候選：</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="500" />
      <source>Open the folder (開啟資料夾)</source>
      <translation>開啟資料夾</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="278" />
      <source>Open the table (開啟附表)</source>
      <translation>開啟附表</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="297" />
      <source>Order of the indicator instances inside each class: drag to reorder, then number again (指標案件編號順序).</source>
      <translation>各分類內指標案件之編號順序：拖曳調整後，重新執行轉折點編號。</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="483" />
      <source>Order saved; number the turning points again to apply it (已儲存順序，請重新編號).</source>
      <translation>已儲存順序，請重新執行轉折點編號以套用。</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="162" />
      <source>Output folder (輸出資料夾)</source>
      <translation>輸出資料夾</translation>
    </message>
    <message>
      <location filename="../ui/candidates.py" line="37" />
      <source>Parcel (地號)</source>
      <translation>地號</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="58" />
      <source>Parcels (地籍)</source>
      <translation>地籍</translation>
    </message>
    <message>
      <location filename="../ui/candidates.py" line="41" />
      <source>Planner (規劃者)</source>
      <translation>規劃者回覆</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="46" />
      <source>Point type (點位類型)</source>
      <translation>點位類型</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="111" />
      <source>Problem (問題)</source>
      <translation>問題</translation>
    </message>
    <message>
      <location filename="../ui/candidates.py" line="22" />
      <source>Proposed (建議)</source>
      <translation>建議</translation>
    </message>
    <message>
      <location filename="../ui/candidates.py" line="43" />
      <source>Reason (理由)</source>
      <translation>理由</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="388" />
      <source>Refuse (不同意)</source>
      <translation>不同意</translation>
    </message>
    <message>
      <location filename="../ui/candidates.py" line="24" />
      <source>Refused (不同意)</source>
      <translation>不同意</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="446" />
      <source>Register as CSV (清冊 CSV)</source>
      <translation>清冊 CSV</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="436" />
      <source>Register as XLSX (清冊 XLSX)</source>
      <translation>清冊 XLSX</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="630" />
      <source>Register exported (清冊已匯出): </source>
      <translation>清冊已匯出：</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="629" />
      <source>Register rows: </source>
      <translation>清冊列數：</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="52" />
      <source>Remark (備註)</source>
      <translation>備註</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="428" />
      <source>Rows: </source>
      <translation>列數：</translation>
    </message>
    <message>
      <location filename="../ui/candidates.py" line="38" />
      <source>Rule (規則)</source>
      <translation>規則</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="495" />
      <source>Run step 2 first (請先執行分區劃設).</source>
      <translation>請先執行步驟 2（分區劃設）。</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="611" />
      <source>Run step 4 first (請先執行零星土地).</source>
      <translation>請先執行步驟 4（零星土地）。</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="295" />
      <source>Running (執行中): </source>
      <translation>執行中：</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="413" />
      <source>Save comment (儲存意見)</source>
      <translation>儲存意見</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="72" />
      <source>Sea area (海域)</source>
      <translation>海域</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="582" />
      <source>Select a candidate first (請先選取候選).</source>
      <translation>請先選取候選土地。</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="110" />
      <source>Severity (等級)</source>
      <translation>等級</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="463" />
      <source>Statistics workbook and chart (面積統計)</source>
      <translation>面積統計表及統計圖</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="357" />
      <source>Status (狀態)</source>
      <translation>狀態</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="415" />
      <source>Step 3 needs marine indicator layers and the mean high tide line (平均高潮線).</source>
      <translation>步驟 3 需要海洋資源地區指標圖層及平均高潮線。</translation>
    </message>
    <message>
      <location filename="../ui/tasks.py" line="108" />
      <source>The algorithm failed (執行失敗).</source>
      <translation>演算法執行失敗。</translation>
    </message>
    <message>
      <location filename="../ui/tasks.py" line="69" />
      <source>The algorithm is not available (is the plugin loaded?): </source>
      <translation>無法使用此演算法（外掛是否已載入？）：</translation>
    </message>
    <message>
      <location filename="../ui/tasks.py" line="132" />
      <source>The output could not be added to the project: </source>
      <translation>無法將輸出加入專案：</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="114" />
      <source>Urban-plan areas (都市計畫範圍)</source>
      <translation>都市計畫範圍</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="178" />
      <source>Validate inputs (輸入資料檢查)</source>
      <translation>輸入資料檢查</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="56" />
      <source>Warning (警告)</source>
      <translation>警告</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="50" />
      <source>X coordinate (X坐標)</source>
      <translation>X坐標</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="51" />
      <source>Y coordinate (Y坐標)</source>
      <translation>Y坐標</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="398" />
      <source>Zones: </source>
      <translation>分區：</translation>
    </message>
    <message>
      <location filename="../ui/dock.ui" line="185" />
      <source>Zoom to problem (縮放至問題)</source>
      <translation>縮放至問題</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="401" />
      <source>parcels: </source>
      <translation>土地：</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="428" />
      <source>points: </source>
      <translation>點位：</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="402" />
      <source>split parcels: </source>
      <translation>跨分區切分土地：</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="543" />
      <source>units over 1 ha (超過 1 公頃): </source>
      <translation>超過 1 公頃之單元：</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="544" />
      <source>units over 50 % (超過 50 %): </source>
      <translation>超過 50% 之單元：</translation>
    </message>
    <message>
      <location filename="../ui/dock.py" line="336" />
      <source>warnings: </source>
      <translation>警告：</translation>
    </message>
  </context>
</TS>
